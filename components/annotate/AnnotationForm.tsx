"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { FormError } from "@/components/ui/Field";
import { ActiveTime } from "@/lib/annotations/active-time";
import {
  BLOOM_LEVELS,
  DIFFICULTY_LEVELS,
  GRADE_LEVELS,
  MAX_STEPS,
  OPTION_LETTERS,
  SKIP_REASON_LABELS,
  SKIP_REASONS,
  type SkipReason,
} from "@/lib/annotations/scales";
import { annotationSchemaFor, type annotationValuesSchema } from "@/lib/annotations/schemas";
import type { ProjectSettings } from "@/lib/projects/schemas";
import type { QueueItem } from "@/lib/queue/next";
import { Markdown } from "./Markdown";
import { allOn, SoftLabelInput } from "./SoftLabelInput";

type Values = z.input<typeof annotationValuesSchema>;
type Draft = { values: Values; clientId: string; elapsedMs: number };

const draftKey = (slug: string, id: string) => `hardlab:draft:${slug}:${id}`;

/** An idempotency key; getRandomValues also works on plain-http deployments, where randomUUID does not exist. */
function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function readDraft(key: string): Draft | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

export function clearDraft(slug: string, id: string) {
  localStorage.removeItem(draftKey(slug, id));
}

const isTextEntry = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable ||
    el instanceof HTMLTextAreaElement ||
    el instanceof HTMLSelectElement ||
    (el instanceof HTMLInputElement && !["radio", "checkbox", "range", "button", "submit"].includes(el.type)));

export type Submission = Values & { clientId: string; durationMs: number };

/**
 * The form for one leased item. Keyboard: 1-9 or A-J (F excepted: use 6) put 100% on an option when focus is not in a
 * text field, Enter submits, S skips, F flags, ? lists the shortcuts. The draft (values, idempotency key, active
 * time so far) is kept in localStorage per project and item, so a reload resumes it.
 */
export function AnnotationForm({
  slug,
  item,
  fields,
  onSubmit,
  onSkip,
  onFlag,
  busy,
  revision,
}: {
  slug: string;
  item: QueueItem;
  fields: ProjectSettings["fields"];
  onSubmit: (s: Submission) => Promise<string | null>;
  onSkip: (reason: SkipReason) => Promise<void>;
  onFlag: (comment: string) => Promise<void>;
  busy: boolean;
  /** Revising an earlier annotation: its id keys the draft, its values fill the form, and skip is not offered. */
  revision?: { id: string; values: Values; onCancel: () => void };
}) {
  const k = item.choices.length;
  const schema = useMemo(() => annotationSchemaFor({ fields, choiceCount: k }), [fields, k]);
  const key = draftKey(slug, revision ? `revision:${revision.id}` : item.id);
  const [draft] = useState<Draft>(
    () => readDraft(key) ?? { values: revision?.values ?? {}, clientId: newClientId(), elapsedMs: 0 },
  );
  const timer = useRef<ActiveTime | null>(null);
  const form = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: draft.values,
    mode: "onTouched",
  });
  const { control, register, handleSubmit, formState, setValue } = form;
  const e = formState.errors;
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"skip" | "flag" | "help" | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const elapsed = () => draft.elapsedMs + (timer.current?.elapsed(performance.now()) ?? 0);

  // Active time: input and visibility feed the timer; idle stretches over 60 s are cut.
  useEffect(() => {
    const t = new ActiveTime(performance.now());
    timer.current = t;
    const active = () => t.activity(performance.now());
    const visibility = () =>
      document.visibilityState === "hidden" ? t.hidden(performance.now()) : t.activity(performance.now());
    const events = ["keydown", "pointerdown", "pointermove", "input", "wheel"] as const;
    for (const ev of events) window.addEventListener(ev, active, { passive: true });
    document.addEventListener("visibilitychange", visibility);
    return () => {
      for (const ev of events) window.removeEventListener(ev, active);
      document.removeEventListener("visibilitychange", visibility);
    };
  }, []);

  // The draft follows every change, with the active time so far.
  useEffect(() => {
    const save = (values: Values) =>
      localStorage.setItem(
        key,
        JSON.stringify({ values, clientId: draft.clientId, elapsedMs: elapsed() } satisfies Draft),
      );
    const unsubscribe = form.subscribe({ formState: { values: true }, callback: ({ values }) => save(values) });
    const beforeUnload = () => save(form.getValues());
    window.addEventListener("pagehide", beforeUnload);
    return () => {
      unsubscribe();
      window.removeEventListener("pagehide", beforeUnload);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the draft key and id are fixed for this item
  }, [key]);

  const submit = (ev: FormEvent<HTMLFormElement>) =>
    handleSubmit(async (values) => {
      setError(null);
      const message = await onSubmit({ ...values, clientId: draft.clientId, durationMs: elapsed() });
      if (message) setError(message);
    })(ev);

  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || dialog !== null || busy) return;
      const key = ev.key;
      // Text and number fields submit on Enter by themselves; elsewhere (radios, selects, the page) Enter submits too.
      if (key === "Enter") {
        const t = ev.target;
        const native =
          t instanceof HTMLButtonElement ||
          t instanceof HTMLAnchorElement ||
          t instanceof HTMLTextAreaElement ||
          (isTextEntry(t) && !(t instanceof HTMLSelectElement));
        if (!native) {
          ev.preventDefault();
          formRef.current?.requestSubmit();
        }
        return;
      }
      if (isTextEntry(ev.target)) return;
      const lower = key.toLowerCase();
      if (key === "?") setDialog("help");
      else if (lower === "s" && !revision) setDialog("skip");
      else if (lower === "f") setDialog("flag");
      else if (fields.softLabel && k > 0) {
        const index = /^[1-9]$/.test(key)
          ? Number(key) - 1
          : key === "0"
            ? 9
            : OPTION_LETTERS.indexOf(key.toUpperCase());
        if (index < 0 || index >= k || key.length !== 1) return;
        setValue("softLabel", allOn(k, index), { shouldDirty: true, shouldValidate: formState.isSubmitted });
      } else return;
      ev.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [dialog, busy, fields.softLabel, k, setValue, formState.isSubmitted, revision]);

  const intValue = (v: string) => (v === "" ? undefined : Number(v));

  return (
    <>
      <form ref={formRef} onSubmit={submit} noValidate className="annotate-form stack" aria-label="Annotation">
        <article className="card question" aria-labelledby="question-heading">
          <h2 id="question-heading" className="sr-only">
            Question
          </h2>
          {(item.source || item.subject) && (
            <p className="small muted" style={{ marginTop: 0 }}>
              {[item.source, item.subject].filter(Boolean).join(" · ")}
            </p>
          )}
          <Markdown className="question-text">{item.question}</Markdown>
          {k > 0 && !fields.softLabel && (
            <ol className="choices-list">
              {item.choices.map((c, i) => (
                <li key={i}>
                  <strong>{OPTION_LETTERS[i]}.</strong> <Markdown>{c}</Markdown>
                </li>
              ))}
            </ol>
          )}
        </article>

        <div className="card stack">
          <FormError message={error} />
          {fields.softLabel && k > 0 && (
            <Controller
              control={control}
              name="softLabel"
              render={({ field }) => (
                <SoftLabelInput
                  choices={item.choices}
                  value={field.value as number[] | undefined}
                  onChange={(p) => field.onChange(p)}
                  error={e.softLabel?.message ?? e.softLabel?.root?.message}
                />
              )}
            />
          )}
          {fields.softLabel && k === 0 && (
            <div className="grid free-answer">
              <div className="field">
                <label htmlFor="answer">Your answer</label>
                <input
                  id="answer"
                  type="text"
                  autoComplete="off"
                  aria-invalid={!!e.answer}
                  aria-describedby={e.answer ? "answer-error" : undefined}
                  {...register("answer")}
                />
                {e.answer && (
                  <span className="error" id="answer-error" role="alert">
                    {e.answer.message}
                  </span>
                )}
              </div>
              <Controller
                control={control}
                name="confidence"
                render={({ field }) => (
                  <div className="field">
                    <label htmlFor="confidence">
                      Confidence that your answer is right:{" "}
                      {field.value === undefined ? "—" : `${Math.round(field.value * 100)}%`}
                    </label>
                    <div className="row">
                      <input
                        id="confidence"
                        type="range"
                        min={0}
                        max={100}
                        step={1}
                        value={field.value === undefined ? 50 : Math.round(field.value * 100)}
                        aria-invalid={!!e.confidence}
                        onChange={(ev) => field.onChange(ev.target.valueAsNumber / 100)}
                        style={{ flex: 1 }}
                      />
                      <input
                        type="number"
                        min={0}
                        max={100}
                        step={1}
                        aria-label="Confidence, percent"
                        className="share-number"
                        value={field.value === undefined ? "" : Math.round(field.value * 100)}
                        onChange={(ev) =>
                          field.onChange(
                            Number.isFinite(ev.target.valueAsNumber) ? ev.target.valueAsNumber / 100 : undefined,
                          )
                        }
                      />
                    </div>
                    {e.confidence && (
                      <span className="error" role="alert">
                        {e.confidence.message}
                      </span>
                    )}
                  </div>
                )}
              />
            </div>
          )}

          <div className="grid ratings">
            {fields.gradeLevel && (
              <div className="field">
                <label htmlFor="gradeLevel">Grade level</label>
                <Controller
                  control={control}
                  name="gradeLevel"
                  render={({ field }) => (
                    <select
                      id="gradeLevel"
                      value={field.value ?? ""}
                      onChange={(ev) => field.onChange(intValue(ev.target.value))}
                      onBlur={field.onBlur}
                      aria-invalid={!!e.gradeLevel}
                    >
                      <option value="">Choose…</option>
                      {GRADE_LEVELS.map((g) => (
                        <option key={g.value} value={g.value}>
                          {g.label}
                        </option>
                      ))}
                    </select>
                  )}
                />
                <span className="hint">The school level at which a student could answer it</span>
                {e.gradeLevel && (
                  <span className="error" role="alert">
                    {e.gradeLevel.message}
                  </span>
                )}
              </div>
            )}
            {fields.steps && (
              <Controller
                control={control}
                name="steps"
                render={({ field }) => (
                  <div className="field">
                    <label htmlFor="steps">Reasoning steps</label>
                    <div className="row stepper">
                      <button
                        type="button"
                        className="btn small"
                        aria-label="One step fewer"
                        onClick={() => field.onChange(Math.max(1, (field.value ?? 2) - 1))}
                      >
                        −
                      </button>
                      <input
                        id="steps"
                        type="number"
                        min={1}
                        max={MAX_STEPS}
                        step={1}
                        value={field.value ?? ""}
                        aria-invalid={!!e.steps}
                        onBlur={field.onBlur}
                        onChange={(ev) =>
                          field.onChange(Number.isFinite(ev.target.valueAsNumber) ? ev.target.valueAsNumber : undefined)
                        }
                      />
                      <button
                        type="button"
                        className="btn small"
                        aria-label="One step more"
                        onClick={() => field.onChange(Math.min(MAX_STEPS, (field.value ?? 0) + 1))}
                      >
                        +
                      </button>
                    </div>
                    <span className="hint">Separate inferences or calculations needed, 1 to {MAX_STEPS}</span>
                    {e.steps && (
                      <span className="error" role="alert">
                        {e.steps.message}
                      </span>
                    )}
                  </div>
                )}
              />
            )}
            {fields.difficulty && (
              <Controller
                control={control}
                name="difficulty"
                render={({ field }) => (
                  <fieldset className="field radio-group">
                    <legend className="label">Difficulty for its grade</legend>
                    {DIFFICULTY_LEVELS.map((d) => (
                      <label key={d.value} className="radio">
                        <input
                          type="radio"
                          name="difficulty"
                          value={d.value}
                          checked={field.value === d.value}
                          onChange={() => field.onChange(d.value)}
                        />{" "}
                        {d.value} · {d.label}
                      </label>
                    ))}
                    {e.difficulty && (
                      <span className="error" role="alert">
                        {e.difficulty.message}
                      </span>
                    )}
                  </fieldset>
                )}
              />
            )}
          </div>
          {fields.bloom && (
            <Controller
              control={control}
              name="bloom"
              render={({ field }) => (
                <fieldset className="field radio-group bloom">
                  <legend className="label">Bloom skill the question needs</legend>
                  {BLOOM_LEVELS.map((b) => (
                    <label key={b.value} className="radio">
                      <input
                        type="radio"
                        name="bloom"
                        value={b.value}
                        checked={field.value === b.value}
                        onChange={() => field.onChange(b.value)}
                      />
                      <span>
                        <strong>
                          {b.value} · {b.label}
                        </strong>{" "}
                        <span className="muted small">
                          {b.description} <em>({b.verbs})</em>
                        </span>
                      </span>
                    </label>
                  ))}
                  {e.bloom && (
                    <span className="error" role="alert">
                      {e.bloom.message}
                    </span>
                  )}
                </fieldset>
              )}
            />
          )}
          <div className="row">
            <button type="submit" className="btn primary" disabled={busy}>
              {busy && <span className="spinner" aria-hidden />} {revision ? "Save revision" : "Submit"}{" "}
              <kbd>Enter</kbd>
            </button>
            {revision ? (
              <button type="button" className="btn" onClick={revision.onCancel} disabled={busy}>
                Cancel revision
              </button>
            ) : (
              <button type="button" className="btn" onClick={() => setDialog("skip")} disabled={busy}>
                Skip <kbd>S</kbd>
              </button>
            )}
            <button type="button" className="btn" onClick={() => setDialog("flag")} disabled={busy}>
              Flag <kbd>F</kbd>
            </button>
            <button type="button" className="btn ghost" onClick={() => setDialog("help")}>
              Shortcuts <kbd>?</kbd>
            </button>
          </div>
        </div>
      </form>
      {/* Outside the form: the dialogs have forms of their own, and a submit must not reach the annotation form. */}
      {dialog === "skip" && <SkipDialog onClose={() => setDialog(null)} onSkip={onSkip} />}
      {dialog === "flag" && <FlagDialog onClose={() => setDialog(null)} onFlag={onFlag} />}
      {dialog === "help" && <ShortcutsDialog onClose={() => setDialog(null)} choices={k} />}
    </>
  );
}

function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    d?.showModal();
    // showModal focuses the first control; the dialog's own choice (data-autofocus) comes first.
    d?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="modal-title" onClose={onClose} onCancel={onClose}>
      <h2 id="modal-title" style={{ marginTop: 0 }}>
        {title}
      </h2>
      {children}
    </dialog>
  );
}

function SkipDialog({ onClose, onSkip }: { onClose: () => void; onSkip: (reason: SkipReason) => Promise<void> }) {
  const [reason, setReason] = useState<SkipReason>("dont_know");
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="Skip this item" onClose={onClose}>
      <form
        className="stack"
        onKeyDown={(ev) => {
          // Enter on a reason (a radio, which browsers do not submit on) skips.
          if (ev.key === "Enter" && ev.target instanceof HTMLInputElement) {
            ev.preventDefault();
            ev.currentTarget.requestSubmit();
          }
        }}
        onSubmit={async (ev) => {
          ev.preventDefault();
          setBusy(true);
          await onSkip(reason);
          setBusy(false);
          onClose();
        }}
      >
        <fieldset className="field radio-group">
          <legend className="label">Why?</legend>
          {SKIP_REASONS.map((r) => (
            <label key={r} className="radio">
              <input
                type="radio"
                name="skip-reason"
                value={r}
                checked={reason === r}
                onChange={() => setReason(r)}
                data-autofocus={r === reason ? true : undefined}
              />{" "}
              {SKIP_REASON_LABELS[r]}
            </label>
          ))}
        </fieldset>
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy}>
            Skip item
          </button>
        </div>
      </form>
    </Modal>
  );
}

function FlagDialog({ onClose, onFlag }: { onClose: () => void; onFlag: (comment: string) => Promise<void> }) {
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal title="Flag this item for the researchers" onClose={onClose}>
      <form
        className="stack"
        onSubmit={async (ev) => {
          ev.preventDefault();
          if (!comment.trim()) return setError("Say what is wrong with the item");
          try {
            await onFlag(comment.trim());
            onClose();
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <div className="field">
          <label htmlFor="flag-comment">What is wrong?</label>
          <textarea
            id="flag-comment"
            data-autofocus
            value={comment}
            maxLength={2000}
            onChange={(ev) => setComment(ev.target.value)}
            aria-invalid={!!error}
            onKeyDown={(ev) => {
              if (ev.key === "Enter" && !ev.shiftKey) {
                ev.preventDefault();
                ev.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <span className="hint">
            Enter sends, Shift+Enter starts a new line. You can still answer or skip the item.
          </span>
          {error && (
            <span className="error" role="alert">
              {error}
            </span>
          )}
        </div>
        <div className="row" style={{ justifyContent: "flex-end" }}>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary">
            Flag item
          </button>
        </div>
      </form>
    </Modal>
  );
}

function ShortcutsDialog({ onClose, choices }: { onClose: () => void; choices: number }) {
  const last = OPTION_LETTERS[Math.max(choices, 1) - 1];
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="table">
        <tbody>
          {choices > 0 && (
            <tr>
              <td>
                <kbd>1</kbd>–<kbd>{Math.min(choices, 9)}</kbd> or <kbd>A</kbd>–<kbd>{last}</kbd>
              </td>
              <td>
                100% on that option (option F: press <kbd>6</kbd>)
              </td>
            </tr>
          )}
          <tr>
            <td>
              <kbd>Enter</kbd>
            </td>
            <td>Submit</td>
          </tr>
          <tr>
            <td>
              <kbd>S</kbd>
            </td>
            <td>Skip, with a reason</td>
          </tr>
          <tr>
            <td>
              <kbd>F</kbd>
            </td>
            <td>Flag the item with a comment</td>
          </tr>
          <tr>
            <td>
              <kbd>Tab</kbd> / arrows
            </td>
            <td>Move between fields and choose within a group</td>
          </tr>
          <tr>
            <td>
              <kbd>?</kbd>
            </td>
            <td>This list</td>
          </tr>
          <tr>
            <td>
              <kbd>Esc</kbd>
            </td>
            <td>Close a dialog</td>
          </tr>
        </tbody>
      </table>
      <p className="small muted">Letter and number shortcuts work when the cursor is not in a text or number field.</p>
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <button type="button" className="btn primary" data-autofocus onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
