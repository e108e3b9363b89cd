"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import {
  Controller,
  get,
  useFieldArray,
  useForm,
  useWatch,
  type Control,
  type FieldErrors,
  type Resolver,
  type UseFormRegister,
} from "react-hook-form";
import { Field, FormError } from "@/components/ui/Field";
import { Markdown } from "@/components/ui/Markdown";
import { apiFetch, applyFieldErrors } from "@/lib/api/client";
import {
  choicesFromText,
  editStudyBody,
  emptyStudyItem,
  newStudyValues,
  type StudyFormValues,
} from "@/lib/studies/form";
import { createStudySchema, platforms, updateStudySchema } from "@/lib/studies/schemas";
import { CopyLink } from "./CopyLink";

type Props =
  { mode: "create"; slug: string } | { mode: "edit"; studyId: string; initial: StudyFormValues; started: number };

const PLATFORM_LABELS: Record<(typeof platforms)[number], string> = {
  prolific: "Prolific (PROLIFIC_PID, STUDY_ID, SESSION_ID)",
  mturk: "Amazon MTurk (workerId, assignmentId, hitId)",
  generic: "Any other (pid)",
};

const num = { valueAsNumber: true } as const;
/** An empty box means "none" for optional numbers and codes. */
const optionalNumber = { setValueAs: (v: unknown) => (v === "" || v == null ? null : Number(v)) } as const;
const optionalText = {
  setValueAs: (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v),
} as const;

/** The message of a field's error, including the list-level one of an array field. */
const messageAt = (errors: FieldErrors<StudyFormValues>, path: string): string | undefined => {
  const at = (p: string) => (get(errors, p) as { message?: string } | undefined)?.message;
  return at(path) ?? at(`${path}.root`);
};

/**
 * Creates a crowd study or edits one: every setting of the API, validated by the same zod schema as its handler.
 * Once participants have started, what they went through and are paid by is shown but cannot change.
 */
export function StudyForm(props: Props) {
  const router = useRouter();
  const p = useId();
  const create = props.mode === "create";
  const locked = props.mode === "edit" && props.started > 0;
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; url: string } | null>(null);
  const [saved, setSaved] = useState(false);
  const form = useForm<StudyFormValues, unknown, StudyFormValues>({
    // The edit form's values are the PATCH body too (less what is fixed); both schemas accept the full form.
    resolver: zodResolver(create ? createStudySchema : updateStudySchema) as unknown as Resolver<StudyFormValues>,
    defaultValues: create ? newStudyValues() : props.initial,
  });
  const { register, handleSubmit, control, formState, reset, setError: setFieldError } = form;
  const e = formState.errors;
  const err = (path: string) => messageAt(e, path);
  const id = (name: string) => `${p}-${name}`;

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setSaved(false);
    try {
      if (props.mode === "create") {
        const res = await apiFetch<{ id: string; key: string; url: string }>(`/api/v1/projects/${props.slug}/studies`, {
          body: values,
        });
        setCreated({ name: values.name, url: res.url });
        reset(newStudyValues());
      } else {
        await apiFetch(`/api/v1/studies/${props.studyId}`, {
          method: "PATCH",
          body: editStudyBody(values, locked),
        });
        setSaved(true);
        reset(values);
      }
      router.refresh();
    } catch (x) {
      setError(applyFieldErrors(x, setFieldError as never));
    }
  });

  const number = (name: string, label: string, opts: { hint?: string; step?: string; min?: number; max?: number }) => (
    <Field id={id(name)} label={label} hint={opts.hint} error={err(name)}>
      <input
        id={id(name)}
        type="number"
        step={opts.step ?? "1"}
        min={opts.min}
        max={opts.max}
        aria-invalid={!!err(name)}
        {...register(name as never, num)}
      />
    </Field>
  );
  const code = (name: string, label: string, hint: string) => (
    <Field id={id(name)} label={label} hint={hint} error={err(name)}>
      <input id={id(name)} autoComplete="off" aria-invalid={!!err(name)} {...register(name as never, optionalText)} />
    </Field>
  );

  return (
    <form onSubmit={onSubmit} className="stack study-form" noValidate aria-label={create ? "New study" : "Edit study"}>
      <FormError message={error} />
      {created && (
        <div className="notice stack" role="status">
          <p className="flush">
            Created “{created.name}”. Give participants this link; Prolific and MTurk add their ids to it as URL
            parameters.
          </p>
          <CopyLink url={created.url} label="Public link of the new study" />
        </div>
      )}
      {saved && (
        <p className="notice" role="status">
          Saved.
        </p>
      )}
      {locked && (
        <p className="notice">
          {props.mode === "edit" && props.started} participant
          {props.mode === "edit" && props.started === 1 ? " has" : "s have"} started: the consent text, the practice
          round, the attention checks and the pay stay as they saw them. Close this study and create a new one to change
          those.
        </p>
      )}

      <fieldset className="study-fieldset">
        <legend>Study</legend>
        <div className="grid">
          <Field id={id("name")} label="Name" hint="Shown to participants as the page title" error={err("name")}>
            <input id={id("name")} aria-invalid={!!err("name")} {...register("name")} />
          </Field>
          {number("quota", "Items per participant", { min: 1, hint: "Real items each participant labels" })}
          <Field
            id={id("maxMinutes")}
            label="Time limit (minutes)"
            hint="Empty for no limit; after it the participant gets the timeout code"
            error={err("maxMinutes")}
          >
            <input
              id={id("maxMinutes")}
              type="number"
              min={1}
              aria-invalid={!!err("maxMinutes")}
              {...register("maxMinutes", optionalNumber)}
            />
          </Field>
        </div>
        <fieldset className="bare">
          <legend className="label">Platforms participants may come from</legend>
          <div className="row">
            {platforms.map((pl) => (
              <label key={pl} className="row gap-xs">
                <input type="checkbox" value={pl} {...register("platforms")} /> {PLATFORM_LABELS[pl]}
              </label>
            ))}
          </div>
          {err("platforms") && (
            <span className="form-error-inline" role="alert">
              {err("platforms")}
            </span>
          )}
        </fieldset>
      </fieldset>

      <fieldset className="study-fieldset">
        <legend>Completion</legend>
        <p className="small muted flush">
          Give a completion code, a completion URL, or both: <code>{"{code}"}</code> in the URL is replaced by the
          participant&apos;s code.
        </p>
        <div className="grid">
          {code("completionCode", "Completion code", "Shown to those who finish the quota")}
          <Field
            id={id("completionUrl")}
            label="Completion URL"
            hint="Where finished participants are sent, e.g. Prolific's completion link"
            error={err("completionUrl")}
          >
            <input
              id={id("completionUrl")}
              type="url"
              autoComplete="off"
              aria-invalid={!!err("completionUrl")}
              {...register("completionUrl", optionalText)}
            />
          </Field>
          {code("timeoutCode", "Timeout code", "For those who reach the time limit; empty: the completion code")}
          {code("failedTrainingCode", "Failed-training code", "For those who do not pass the practice round")}
        </div>
      </fieldset>

      <fieldset className="study-fieldset">
        <legend>Consent and instructions</legend>
        <MarkdownField
          id={id("consentText")}
          label="Consent text (Markdown)"
          hint="Participants tick a box to agree; the time is recorded"
          error={err("consentText")}
          disabled={locked}
          control={control}
          register={register}
          name="consentText"
        />
        <MarkdownField
          id={id("instructions")}
          label="Instructions (Markdown)"
          hint="The page also explains the bonus rule in plain words"
          error={err("instructions")}
          control={control}
          register={register}
          name="instructions"
        />
      </fieldset>

      <fieldset className="study-fieldset" disabled={locked}>
        <legend>Calibration training</legend>
        <p className="small muted flush">
          Practice items with their answers: participants see the right answer and their Brier score after each, until
          their running Brier score reaches the criterion (pass) or the maximum (fail). No practice items: no training.
        </p>
        <div className="grid">
          {number("training.criterion", "Pass at a mean Brier score of at most", {
            step: "0.01",
            min: 0,
            max: 2,
            hint: "0 is perfect, 2 the worst; 0.5 is a fair bar",
          })}
          {number("training.minItems", "Minimum practice items", { min: 1, max: 100 })}
          {number("training.maxItems", "Maximum practice items", { min: 1, max: 100 })}
        </div>
        <ItemsEditor kind="practice" control={control} register={register} errors={e} prefix={p} />
      </fieldset>

      <fieldset className="study-fieldset">
        <legend>Attention checks</legend>
        {number("attentionRate", "Share of served items that are attention checks", {
          step: "0.01",
          min: 0,
          max: 0.5,
          hint: "0 to 0.5; failures are shown to you, nobody is rejected automatically",
        })}
        <fieldset className="bare" disabled={locked}>
          <ItemsEditor kind="attention" control={control} register={register} errors={e} prefix={p} />
        </fieldset>
      </fieldset>

      <fieldset className="study-fieldset" disabled={locked}>
        <legend>Pay</legend>
        <p className="small muted flush">
          Everyone who reaches an end is paid the base rate; each gold item pays up to the maximum bonus by the
          quadratic rule, maximum × (1 − Brier / 2), so honest probabilities earn the most.
        </p>
        <div className="grid">
          {number("baseRate", "Base rate", { step: "0.01", min: 0 })}
          {number("maxBonus", "Maximum bonus per gold item", { step: "0.01", min: 0, max: 100 })}
          <Field id={id("currency")} label="Currency" hint="Three letters: GBP, USD, EUR …" error={err("currency")}>
            <input
              id={id("currency")}
              maxLength={3}
              autoComplete="off"
              aria-invalid={!!err("currency")}
              {...register("currency")}
            />
          </Field>
        </div>
      </fieldset>

      <div>
        <button className="btn primary" type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting && <span className="spinner" aria-hidden />}{" "}
          {create ? "Create the study" : "Save changes"}
        </button>
      </div>
    </form>
  );
}

type Parts = { control: Control<StudyFormValues>; register: UseFormRegister<StudyFormValues> };

/** A Markdown text with a preview rendered as participants will see it. */
function MarkdownField({
  id,
  name,
  label,
  hint,
  error,
  disabled,
  control,
  register,
}: Parts & {
  id: string;
  name: "consentText" | "instructions";
  label: string;
  hint: string;
  error?: string;
  disabled?: boolean;
}) {
  const text = useWatch({ control, name }) ?? "";
  return (
    <div className="stack">
      <Field id={id} label={label} hint={hint} error={error}>
        <textarea id={id} rows={5} disabled={disabled} aria-invalid={!!error} {...register(name)} />
      </Field>
      {text.trim() !== "" && (
        <details className="markdown-preview">
          <summary>Preview</summary>
          <Markdown>{text}</Markdown>
        </details>
      )}
    </div>
  );
}

/** The practice or attention-check items: question, choices one a line, the right (or instructed) answer. */
function ItemsEditor({
  kind,
  control,
  register,
  errors,
  prefix,
}: Parts & { kind: "practice" | "attention"; errors: FieldErrors<StudyFormValues>; prefix: string }) {
  const { fields, append, remove } = useFieldArray({ control, name: kind });
  const noun = kind === "practice" ? "practice item" : "attention check";
  const article = kind === "practice" ? "a" : "an";
  const listError = messageAt(errors, kind);
  return (
    <div className="stack">
      {fields.length === 0 && <p className="small muted flush">No {noun}s yet.</p>}
      {fields.map((f, i) => {
        const base = `${prefix}-${kind}-${i}`;
        const at = (field: string) => messageAt(errors, `${kind}.${i}.${field}`);
        return (
          <fieldset key={f.id} className="study-item">
            <legend>
              {kind === "practice" ? "Practice item" : "Attention check"} {i + 1}
            </legend>
            <Field
              id={`${base}-question`}
              label="Question (Markdown)"
              hint={kind === "attention" ? 'Say which answer to give, e.g. "Put all on blue"' : undefined}
              error={at("question")}
            >
              <textarea
                id={`${base}-question`}
                rows={2}
                aria-invalid={!!at("question")}
                {...register(`${kind}.${i}.question`)}
              />
            </Field>
            <ChoicesField
              id={`${base}-choices`}
              control={control}
              name={`${kind}.${i}.choices`}
              error={at("choices")}
            />
            <AnswerField
              id={`${base}-answer`}
              control={control}
              register={register}
              path={`${kind}.${i}`}
              label={kind === "practice" ? "Right answer" : "Instructed answer"}
              error={at("answerIndex")}
            />
            {kind === "practice" && (
              <Field
                id={`${base}-explanation`}
                label="Explanation (Markdown)"
                hint="Shown after the participant answers"
                error={at("explanation")}
              >
                <textarea id={`${base}-explanation`} rows={2} {...register(`${kind}.${i}.explanation`)} />
              </Field>
            )}
            <div>
              <button type="button" className="btn small ghost" onClick={() => remove(i)}>
                Remove {noun} {i + 1}
              </button>
            </div>
          </fieldset>
        );
      })}
      {listError && (
        <div className="form-error" role="alert">
          {listError}
        </div>
      )}
      <div>
        <button type="button" className="btn small" onClick={() => append(emptyStudyItem())}>
          Add {article} {noun}
        </button>
      </div>
    </div>
  );
}

const NO_CHOICES: string[] = [];

/** Choices written one a line; the form holds them as a list (the API's shape). */
function ChoicesField({
  id,
  control,
  name,
  error,
}: {
  id: string;
  control: Control<StudyFormValues>;
  name: `${"practice" | "attention"}.${number}.choices`;
  error?: string;
}) {
  return (
    <Field id={id} label="Choices, one a line" error={error}>
      <Controller
        control={control}
        name={name}
        render={({ field: { value, onChange, onBlur } }) => (
          <ChoicesText id={id} value={value ?? NO_CHOICES} onChange={onChange} onBlur={onBlur} invalid={!!error} />
        )}
      />
    </Field>
  );
}

function ChoicesText({
  id,
  value,
  onChange,
  onBlur,
  invalid,
}: {
  id: string;
  value: string[];
  onChange: (choices: string[]) => void;
  onBlur: () => void;
  invalid: boolean;
}) {
  const [text, setText] = useState(() => value.join("\n"));
  const [shown, setShown] = useState(value);
  // A reset from outside (the form cleared after creating) replaces the text; typing keeps its blank lines.
  if (shown !== value) {
    setShown(value);
    if (choicesFromText(text).join("\n") !== value.join("\n")) setText(value.join("\n"));
  }
  return (
    <textarea
      id={id}
      rows={4}
      aria-invalid={invalid}
      value={text}
      onBlur={onBlur}
      onChange={(ev) => {
        setText(ev.target.value);
        onChange(choicesFromText(ev.target.value));
      }}
    />
  );
}

/** Picks the answer among the choices written so far (stored as its index). */
function AnswerField({
  id,
  control,
  register,
  path,
  label,
  error,
}: Parts & { id: string; path: `${"practice" | "attention"}.${number}`; label: string; error?: string }) {
  const choices = useWatch({ control, name: `${path}.choices` }) ?? [];
  return (
    <Field id={id} label={label} error={error}>
      <select id={id} aria-invalid={!!error} {...register(`${path}.answerIndex`, num)}>
        {choices.length === 0 && <option value={0}>Write the choices first</option>}
        {choices.map((c, j) => (
          <option key={j} value={j}>
            {j + 1}. {c}
          </option>
        ))}
      </select>
    </Field>
  );
}
