"use client";
import { useCallback, useEffect, useRef, type RefObject } from "react";
import { readDigits } from "@/lib/annotations/keys";

/** The fields of the form, in the order the cursor moves through them. */
export const FIELD_ORDER = ["softLabel", "answer", "confidence", "gradeLevel", "steps", "difficulty", "bloom"] as const;
export type FieldName = (typeof FIELD_ORDER)[number];

/** One letter jumps to each field. */
export const FIELD_KEYS: ReadonlyMap<string, FieldName> = new Map([
  ["o", "softLabel"],
  ["a", "answer"],
  ["c", "confidence"],
  ["g", "gradeLevel"],
  ["s", "steps"],
  ["d", "difficulty"],
  ["b", "bloom"],
]);

/** Keys the browser gives to these elements (typing, Enter on a button or link); the form's letters stay out of them. */
export const isTextEntry = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el instanceof HTMLInputElement && !["radio", "checkbox", "range", "button", "submit"].includes(el.type)));

const DIGIT_WAIT_MS = 800;

/**
 * The field cursor: each field registers the element that takes its focus; after a value is chosen by key the focus
 * moves to the next empty field (then to the submit button), so a label is a run of digits. A rating whose digits
 * could go on (grade "1" may be 10-14) waits briefly for the next digit before moving on; a digit that cannot extend it
 * goes to the next field.
 */
export function useFieldCursor(
  fields: readonly FieldName[],
  isEmpty: (name: FieldName) => boolean,
  submitButton: RefObject<HTMLButtonElement | null>,
) {
  const elements = useRef(new Map<FieldName, HTMLElement>());
  const pending = useRef<{ field: FieldName; typed: string; timer: number } | null>(null);

  const focus = useCallback((name: FieldName, options?: FocusOptions) => {
    const el = elements.current.get(name);
    if (!el) return false;
    const target =
      el instanceof HTMLFieldSetElement
        ? (el.querySelector<HTMLElement>("input:checked") ?? el.querySelector<HTMLElement>("input"))
        : el;
    target?.focus(options);
    return !!target;
  }, []);

  const advance = useCallback(
    (from: FieldName) => {
      const at = fields.indexOf(from);
      const next = [...fields.slice(at + 1), ...fields.slice(0, at + 1)].find((f) => f !== from && isEmpty(f));
      if (!next || !focus(next)) submitButton.current?.focus();
    },
    [fields, isEmpty, focus, submitButton],
  );

  const register = useCallback(
    (name: FieldName) => (el: HTMLElement | null) => {
      if (el) elements.current.set(name, el);
      else elements.current.delete(name);
    },
    [],
  );

  /** A digit typed on a numeric rating; `set` receives each value as it is typed. */
  const digit = useCallback(
    (field: FieldName, key: string, range: [number, number], set: (v: number) => void) => {
      const p = pending.current;
      if (p) window.clearTimeout(p.timer);
      pending.current = null;
      if (p?.field === field && readDigits(p.typed + key, ...range).value === null) {
        // "2" then "1" on the steps (1-20): the 2 stands and the 1 belongs to the next field.
        advance(field);
        document.activeElement?.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
        return;
      }
      const typed = p?.field === field ? p.typed + key : key;
      const read = readDigits(typed, ...range);
      if (read.value === null) return;
      set(read.value);
      if (read.complete) advance(field);
      else pending.current = { field, typed, timer: window.setTimeout(() => advance(field), DIGIT_WAIT_MS) };
    },
    [advance],
  );

  useEffect(() => () => window.clearTimeout(pending.current?.timer), []);

  return { register, focus, advance, digit };
}

export type Commands = {
  help: () => void;
  flag: () => void;
  skip?: () => void;
  back?: () => void;
  guidelines?: () => void;
  focusField: (name: FieldName) => boolean;
};

/**
 * The form's page-wide keys, active while no dialog is open: Enter submits from the form (never from a control
 * outside it, such as the instructions toggle), and letters act only when the focus is not where they would be
 * typed. Digits are not page-wide: each field reads its own (see useFieldCursor), so a digit pressed on the
 * difficulty sets the difficulty and nothing else.
 */
export function useShortcuts(active: boolean, formRef: RefObject<HTMLFormElement | null>, commands: Commands) {
  const latest = useRef(commands);
  useEffect(() => {
    latest.current = commands;
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (ev: KeyboardEvent) => {
      if (ev.defaultPrevented || ev.ctrlKey || ev.metaKey || ev.altKey) return;
      const t = ev.target;
      const c = latest.current;
      if (ev.key === "Enter") {
        const inForm = t === document.body || (t instanceof Node && !!formRef.current?.contains(t));
        const native =
          t instanceof HTMLButtonElement ||
          t instanceof HTMLAnchorElement ||
          t instanceof HTMLTextAreaElement ||
          (isTextEntry(t) && !(t instanceof HTMLSelectElement));
        if (!inForm || native) return;
        ev.preventDefault();
        formRef.current?.requestSubmit();
        return;
      }
      if (isTextEntry(t)) return;
      const key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
      const field = FIELD_KEYS.get(key);
      let handled = true;
      if (key === "?") c.help();
      else if (key === "x" && c.skip) c.skip();
      else if (key === "f") c.flag();
      else if (key === "i" && c.guidelines) c.guidelines();
      else if (key === "Backspace" && c.back) c.back();
      else if (field) handled = c.focusField(field);
      else handled = false;
      if (handled) ev.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active, formRef]);
}
