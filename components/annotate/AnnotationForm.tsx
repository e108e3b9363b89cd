"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Controller, useForm } from "react-hook-form";
import type { z } from "zod";
import { FormError } from "@/components/ui/Field";
import { Markdown } from "@/components/ui/Markdown";
import { OPTION_LETTERS, type SkipReason } from "@/lib/annotations/scales";
import { annotationSchemaFor, type annotationValuesSchema } from "@/lib/annotations/schemas";
import type { ProjectSettings } from "@/lib/projects/schemas";
import type { QueueItem } from "@/lib/queue/next";
import { FlagDialog, Keys, ShortcutsDialog, SkipDialog } from "./Dialogs";
import { FreeAnswerFields, RatingFields } from "./RatingFields";
import { shortcutsFor } from "./shortcuts";
import { SoftLabelInput } from "./SoftLabelInput";
import { useActiveTime } from "./useActiveTime";
import { useDraft, useSaveDraft } from "./useDraft";
import { FIELD_ORDER, useFieldCursor, useShortcuts, type FieldName } from "./useShortcuts";

export type AnnotationFormValues = z.input<typeof annotationValuesSchema>;
export type Submission = AnnotationFormValues & { clientId: string; durationMs: number };
export { clearDraft } from "./useDraft";

/**
 * The form for one leased item, labelled in a few keys (see shortcuts.ts; `?` lists them). The draft (values,
 * idempotency key, active time so far) is kept in localStorage per project and item, so a reload resumes it.
 */
export function AnnotationForm({
  slug,
  item,
  fields,
  onSubmit,
  onSkip,
  onFlag,
  onBack,
  onGuidelines,
  busy,
  revision,
}: {
  slug: string;
  item: QueueItem;
  fields: ProjectSettings["fields"];
  onSubmit: (s: Submission) => Promise<string | null>;
  onSkip: (reason: SkipReason) => Promise<void>;
  onFlag: (comment: string) => Promise<void>;
  /** Goes to the previous item of the session (Backspace), when there is one. */
  onBack?: () => void;
  onGuidelines?: () => void;
  busy: boolean;
  /** Revising an earlier annotation: its id keys the draft, its values fill the form, and skip is not offered. */
  revision?: { id: string; values: AnnotationFormValues; onCancel: () => void; until?: string };
}) {
  const k = item.choices.length;
  const schema = useMemo(() => annotationSchemaFor({ fields, choiceCount: k }), [fields, k]);
  const draft = useDraft<AnnotationFormValues>(
    slug,
    revision ? `revision:${revision.id}` : item.id,
    revision?.values ?? {},
  );
  const elapsed = useActiveTime(draft.elapsedMs);
  const form = useForm<AnnotationFormValues, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: draft.values,
    mode: "onTouched",
  });
  useSaveDraft(draft, form, elapsed);
  const { control, handleSubmit, formState, getValues } = form;
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"skip" | "flag" | "help" | null>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const free = fields.softLabel && k === 0;
  const present = useMemo(
    () =>
      FIELD_ORDER.filter((f) =>
        f === "softLabel" ? fields.softLabel && k > 0 : f === "answer" || f === "confidence" ? free : fields[f],
      ),
    [fields, k, free],
  );
  const isEmpty = useCallback(
    (f: FieldName) => {
      const v = getValues(f);
      return v === undefined || v === "" || (Array.isArray(v) && v.every((x) => x === 0));
    },
    [getValues],
  );
  const submitButton = useRef<HTMLButtonElement>(null);
  const cursor = useFieldCursor(present, isEmpty, submitButton);
  const { focus } = cursor;

  // The first empty field has the focus, so the first key already answers; the page stays at the question.
  useEffect(() => {
    const first = present.find(isEmpty) ?? present[0];
    if (first) focus(first, { preventScroll: true });
  }, [present, isEmpty, focus]);

  useShortcuts(dialog === null && !busy, formRef, {
    help: () => setDialog("help"),
    flag: () => setDialog("flag"),
    skip: revision ? undefined : () => setDialog("skip"),
    back: onBack,
    guidelines: onGuidelines,
    focusField: (f) => present.includes(f) && focus(f),
  });

  const submit = (ev: FormEvent<HTMLFormElement>) =>
    handleSubmit(async (values) => {
      setError(null);
      const message = await onSubmit({ ...values, clientId: draft.clientId, durationMs: elapsed() });
      if (message) setError(message);
    })(ev);

  const shortcuts = shortcutsFor({
    choices: fields.softLabel ? k : 0,
    free,
    revising: !!revision,
    canGoBack: !!onBack,
  });
  const fieldProps = { control, errors: formState.errors, cursor };

  return (
    <>
      <form ref={formRef} onSubmit={submit} noValidate className="annotate-form stack" aria-label="Annotation">
        <article className="card question" aria-labelledby="question-heading">
          <h2 id="question-heading" className="sr-only">
            Question
          </h2>
          {(item.source || item.subject) && (
            <p className="small muted item-source">{[item.source, item.subject].filter(Boolean).join(" · ")}</p>
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
                  onChosen={() => cursor.advance("softLabel")}
                  zoneRef={cursor.register("softLabel")}
                  error={formState.errors.softLabel?.message ?? formState.errors.softLabel?.root?.message}
                />
              )}
            />
          )}
          {free && <FreeAnswerFields {...fieldProps} />}
          <RatingFields fields={fields} {...fieldProps} />
          {revision?.until && <p className="small muted">You can revise this answer until {revision.until}.</p>}
        </div>
        <div className="action-bar">
          <div className="row">
            <button ref={submitButton} type="submit" className="btn primary" disabled={busy}>
              {busy && <span className="spinner" aria-hidden />} {revision ? "Save revision" : "Submit"}{" "}
              <kbd className="key-hint">Enter</kbd>
            </button>
            {revision ? (
              <button type="button" className="btn" onClick={revision.onCancel} disabled={busy}>
                Cancel revision
              </button>
            ) : (
              <button type="button" className="btn" onClick={() => setDialog("skip")} disabled={busy}>
                Skip <kbd className="key-hint">x</kbd>
              </button>
            )}
            <button type="button" className="btn" onClick={() => setDialog("flag")} disabled={busy}>
              Flag <kbd className="key-hint">f</kbd>
            </button>
            <button type="button" className="btn ghost key-hint-only" onClick={() => setDialog("help")}>
              Shortcuts <kbd>?</kbd>
            </button>
          </div>
          <p className="cheat-sheet small muted" aria-label="Keyboard cheat sheet">
            {shortcuts
              .filter((s) => s.short)
              .map((s) => (
                <span key={s.does}>
                  <Keys keys={s.keys} /> {s.short}
                </span>
              ))}
          </p>
        </div>
      </form>
      {/* Outside the form: the dialogs have forms of their own, and a submit must not reach the annotation form. */}
      {dialog === "skip" && <SkipDialog onClose={() => setDialog(null)} onSkip={onSkip} />}
      {dialog === "flag" && <FlagDialog onClose={() => setDialog(null)} onFlag={onFlag} />}
      {dialog === "help" && <ShortcutsDialog onClose={() => setDialog(null)} shortcuts={shortcuts} />}
    </>
  );
}
