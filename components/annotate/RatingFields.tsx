"use client";
import type { KeyboardEvent } from "react";
import { Controller, type Control, type FieldErrors } from "react-hook-form";
import { Field } from "@/components/ui/Field";
import { confidenceForKey } from "@/lib/annotations/keys";
import { BLOOM_LEVELS, DIFFICULTY_LEVELS, GRADE_LEVELS, MAX_STEPS } from "@/lib/annotations/scales";
import type { ProjectSettings } from "@/lib/projects/schemas";
import type { AnnotationFormValues } from "./AnnotationForm";
import type { FieldName, useFieldCursor } from "./useShortcuts";

type Cursor = ReturnType<typeof useFieldCursor>;
type Props = { control: Control<AnnotationFormValues>; errors: FieldErrors<AnnotationFormValues>; cursor: Cursor };

const isDigit = (ev: KeyboardEvent) => /^[0-9]$/.test(ev.key) && !ev.ctrlKey && !ev.metaKey && !ev.altKey;
const intValue = (v: string) => (v === "" ? undefined : Number(v));

/** Digits typed on a numeric rating (grade, steps) set it; the cursor moves on once no other digit could follow. */
function digitsOn(cursor: Cursor, field: FieldName, range: [number, number], set: (v: number) => void) {
  return (ev: KeyboardEvent) => {
    if (!isDigit(ev)) return;
    ev.preventDefault();
    cursor.digit(field, ev.key, range, set);
  };
}

/** A radio scale: a digit picks that point (and nothing else) and the cursor moves on. */
function RadioScale({
  name,
  legend,
  levels,
  control,
  errors,
  cursor,
  describe,
  className,
}: Props & {
  name: "difficulty" | "bloom";
  legend: string;
  levels: readonly { value: number; label: string }[];
  describe?: (value: number) => React.ReactNode;
  className?: string;
}) {
  return (
    <Controller
      control={control}
      name={name}
      render={({ field }) => (
        <fieldset
          ref={cursor.register(name)}
          className={`field radio-group ${className ?? ""}`}
          onKeyDown={(ev) => {
            if (!isDigit(ev)) return;
            const level = levels.find((l) => l.value === Number(ev.key));
            ev.preventDefault();
            if (!level) return;
            field.onChange(level.value);
            cursor.advance(name);
          }}
        >
          <legend className="label">
            {legend} <kbd className="key-hint">{name === "bloom" ? "b" : "d"}</kbd>
          </legend>
          {levels.map((l) => (
            <label key={l.value} className="radio">
              <input
                type="radio"
                name={name}
                value={l.value}
                checked={field.value === l.value}
                onChange={() => field.onChange(l.value)}
              />
              <span>
                <strong>
                  <kbd className="key-hint">{l.value}</kbd> {l.label}
                </strong>
                {describe?.(l.value)}
              </span>
            </label>
          ))}
          {errors[name] && (
            <span className="error" role="alert">
              {errors[name]?.message}
            </span>
          )}
        </fieldset>
      )}
    />
  );
}

/** Grade level, reasoning steps, difficulty and Bloom skill, each only when the project collects it. */
export function RatingFields({ fields, ...props }: Props & { fields: ProjectSettings["fields"] }) {
  const { control, errors: e, cursor } = props;
  return (
    <>
      <div className="grid ratings">
        {fields.gradeLevel && (
          <Controller
            control={control}
            name="gradeLevel"
            render={({ field }) => (
              <Field
                id="gradeLevel"
                label={<RatingLabel hint="g">Grade level</RatingLabel>}
                hint="The school level at which a student could answer it; type its number (0 = K)"
                error={e.gradeLevel?.message}
              >
                <select
                  id="gradeLevel"
                  ref={cursor.register("gradeLevel")}
                  value={field.value ?? ""}
                  onChange={(ev) => field.onChange(intValue(ev.target.value))}
                  onKeyDown={digitsOn(cursor, "gradeLevel", [0, 14], field.onChange)}
                  onBlur={field.onBlur}
                  aria-invalid={!!e.gradeLevel}
                >
                  <option value="">Choose…</option>
                  {GRADE_LEVELS.map((g) => (
                    <option key={g.value} value={g.value}>
                      {g.value} · {g.label}
                    </option>
                  ))}
                </select>
              </Field>
            )}
          />
        )}
        {fields.steps && (
          <Controller
            control={control}
            name="steps"
            render={({ field }) => (
              <Field
                id="steps"
                label={<RatingLabel hint="s">Reasoning steps</RatingLabel>}
                hint={`Separate inferences or calculations needed, 1 to ${MAX_STEPS}`}
                error={e.steps?.message}
              >
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
                    ref={cursor.register("steps")}
                    type="number"
                    min={1}
                    max={MAX_STEPS}
                    step={1}
                    value={field.value ?? ""}
                    aria-invalid={!!e.steps}
                    onBlur={field.onBlur}
                    onKeyDown={digitsOn(cursor, "steps", [1, MAX_STEPS], field.onChange)}
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
              </Field>
            )}
          />
        )}
        {fields.difficulty && (
          <RadioScale {...props} name="difficulty" legend="Difficulty for its grade" levels={DIFFICULTY_LEVELS} />
        )}
      </div>
      {fields.bloom && (
        <RadioScale
          {...props}
          name="bloom"
          legend="Bloom skill the question needs"
          levels={BLOOM_LEVELS}
          className="bloom"
          describe={(v) => {
            const b = BLOOM_LEVELS.find((l) => l.value === v)!;
            return (
              <span className="muted small">
                {" "}
                {b.description} <em>({b.verbs})</em>
              </span>
            );
          }}
        />
      )}
    </>
  );
}

const RatingLabel = ({ hint, children }: { hint: string; children: React.ReactNode }) => (
  <>
    {children} <kbd className="key-hint">{hint}</kbd>
  </>
);

/** A free-response item: the answer and the confidence that it is right (a digit on the slider: 1-9 = 10-90%, 0 = 100%). */
export function FreeAnswerFields(props: Props) {
  const { control, errors: e, cursor } = props;
  return (
    <div className="grid free-answer">
      <Controller
        control={control}
        name="answer"
        render={({ field }) => (
          <Field id="answer" label={<RatingLabel hint="a">Your answer</RatingLabel>} error={e.answer?.message}>
            <input
              id="answer"
              type="text"
              autoComplete="off"
              ref={(el) => {
                field.ref(el);
                cursor.register("answer")(el);
              }}
              value={field.value ?? ""}
              onChange={(ev) => field.onChange(ev.target.value)}
              onBlur={field.onBlur}
              aria-invalid={!!e.answer}
              onKeyDown={(ev) => {
                // Enter in the answer goes on to the next empty field; the form submits once nothing is missing.
                if (ev.key !== "Enter" || !ev.currentTarget.value.trim()) return;
                ev.preventDefault();
                cursor.advance("answer");
              }}
            />
          </Field>
        )}
      />
      <Controller
        control={control}
        name="confidence"
        render={({ field }) => {
          const unset = field.value === undefined;
          return (
            <Field
              id="confidence"
              label={
                <RatingLabel hint="c">
                  Confidence that your answer is right: {unset ? "not set" : `${Math.round(field.value! * 100)}%`}
                </RatingLabel>
              }
              hint="Type 1-9 for 10%-90%, 0 for 100%, or type the exact percent"
              error={e.confidence?.message}
            >
              <div className="row">
                <input
                  id="confidence"
                  ref={cursor.register("confidence")}
                  type="range"
                  min={0}
                  max={100}
                  step={1}
                  className={unset ? "confidence-slider unset" : "confidence-slider"}
                  value={unset ? 0 : Math.round(field.value! * 100)}
                  aria-valuetext={unset ? "not set" : undefined}
                  aria-invalid={!!e.confidence}
                  onKeyDown={(ev) => {
                    const c = isDigit(ev) ? confidenceForKey(ev.key) : null;
                    if (c === null) return;
                    ev.preventDefault();
                    field.onChange(c);
                    cursor.advance("confidence");
                  }}
                  onChange={(ev) => field.onChange(ev.target.valueAsNumber / 100)}
                />
                <input
                  type="number"
                  min={0}
                  max={100}
                  step={1}
                  aria-label="Confidence, percent"
                  className="share-number"
                  value={unset ? "" : Math.round(field.value! * 100)}
                  onChange={(ev) =>
                    field.onChange(Number.isFinite(ev.target.valueAsNumber) ? ev.target.valueAsNumber / 100 : undefined)
                  }
                />
                <span aria-hidden>%</span>
              </div>
            </Field>
          );
        }}
      />
    </div>
  );
}
