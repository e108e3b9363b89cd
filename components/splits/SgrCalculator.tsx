"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Field, FormError } from "@/components/ui/Field";
import { apiFetch, applyFieldErrors } from "@/lib/api/client";
import { gapModels, sgrInputSchema } from "@/lib/splits/schemas";
import type { GapInterval } from "@/lib/splits/sgr";
import { dictionary } from "@/lib/dictionary";
import { decimal } from "@/lib/format";

type Input = z.input<typeof sgrInputSchema>;
type Result = GapInterval & {
  metric: "sgr" | "pgr";
  /** Protocol splits: the test set the accuracies are read on (hard test items only). */
  testSet: string | null;
  n: number;
  paired: boolean;
  accuracies: Record<string, number>;
  coverage: { testItems: number; matched: number; notInTestCount: number; missingCount: number } | null;
};

const MODEL_LABELS = dictionary<string>({
  unsupervised: "Unsupervised (zero-/few-shot)",
  easy: "Trained on easy",
  hard: "Trained on hard",
  medium: "Trained on medium",
  all: "Trained on all",
  weak: "Weak supervisor",
  weakToStrong: "Strong trained on weak labels",
  strong: "Strong ceiling",
});
/** SGR/PGR is undefined when the ceiling equals the floor: say so rather than show a dash. */
const fmt = (x: number | null) => (x !== null && Number.isFinite(x) ? decimal(x, 3) : "undefined");

/** SGR / PGR from accuracies or an uploaded per-item correctness file, with a bootstrap interval. */
export function SgrCalculator({
  slug,
  splits,
}: {
  slug: string;
  splits: { id: string; label: string; test: number; hardTest: boolean }[];
}) {
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [mode, setMode] = useState<"accuracies" | "items">("accuracies");
  const [file, setFile] = useState<{ name: string; body: Pick<Input, "items" | "csv"> } | null>(null);
  const {
    register,
    handleSubmit,
    control,
    formState,
    setError: setFieldError,
  } = useForm<Input>({
    resolver: zodResolver(sgrInputSchema),
    defaultValues: { metric: "sgr", splitId: splits[0]?.id, resamples: 2000, level: 0.95, seed: 1, accuracies: {} },
  });
  const metric = useWatch({ control, name: "metric" }) ?? "sgr";
  const models = gapModels[metric];
  const e = formState.errors;

  const readFile = async (f: File | undefined) => {
    setError(null);
    if (!f) return setFile(null);
    const text = await f.text();
    if (/\.json$/i.test(f.name) || text.trimStart().startsWith("[")) {
      try {
        const items = JSON.parse(text);
        if (!Array.isArray(items)) throw new Error("expected a JSON array of rows");
        setFile({ name: f.name, body: { items } });
      } catch (err) {
        setError(`${f.name} is not a JSON array of rows: ${(err as Error).message}`);
        setFile(null);
      }
    } else setFile({ name: f.name, body: { csv: text } });
  };

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const body =
      mode === "items"
        ? { ...values, accuracies: undefined, n: undefined, ...(file?.body ?? {}) }
        : { ...values, n: Number.isFinite(values.n) ? values.n : undefined };
    if (mode === "items" && !file) return setError("Choose a JSON or CSV file of per-item correctness");
    if (!body.splitId) delete body.splitId;
    try {
      setResult(await apiFetch<Result>(`/api/v1/projects/${slug}/sgr`, { body }));
    } catch (err) {
      setError(applyFieldErrors(err, setFieldError as never));
    }
  });

  return (
    <div className="stack">
      <form onSubmit={onSubmit} className="card stack" noValidate aria-label="Gap recovered calculator">
        <FormError message={error} />
        <div className="grid">
          <Field id="sgr-metric" label="Statistic">
            <select id="sgr-metric" {...register("metric")}>
              <option value="sgr">SGR: (easy − unsupervised) / (hard − unsupervised)</option>
              <option value="pgr">PGR: (weak-to-strong − weak) / (strong − weak)</option>
            </select>
          </Field>
          <Field
            id="sgr-split"
            label="Split (its test items)"
            hint={splits.length === 0 ? "No saved splits: give n instead" : undefined}
          >
            <select id="sgr-split" {...register("splitId")}>
              <option value="">None</option>
              {splits.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label} ({s.test} {s.hardTest ? "hard test items" : "test items"})
                </option>
              ))}
            </select>
          </Field>
          <Field id="sgr-mode" label="Input">
            <select id="sgr-mode" value={mode} onChange={(ev) => setMode(ev.target.value as "accuracies" | "items")}>
              <option value="accuracies">Accuracies</option>
              <option value="items">Per-item correctness file (JSON or CSV)</option>
            </select>
          </Field>
        </div>
        {mode === "accuracies" ? (
          <div className="grid">
            {[models.floor, models.score, models.ceiling].map((m) => (
              <Field
                key={m}
                id={`sgr-${m}`}
                label={MODEL_LABELS[m]}
                hint="Test accuracy, 0 to 1"
                error={(e.accuracies as Record<string, { message?: string }> | undefined)?.[m]?.message}
              >
                <input
                  id={`sgr-${m}`}
                  type="number"
                  step="any"
                  min={0}
                  max={1}
                  {...register(`accuracies.${m}` as never, { valueAsNumber: true })}
                />
              </Field>
            ))}
            <Field id="sgr-n" label="Test items (n)" hint="Defaults to the split's test count" error={e.n?.message}>
              <input
                id="sgr-n"
                type="number"
                step="1"
                min={1}
                {...register("n", { setValueAs: (v) => (v === "" || v === undefined ? undefined : Number(v)) })}
              />
            </Field>
          </div>
        ) : (
          <Field
            id="sgr-file"
            label="Correctness file"
            hint={`Rows with columns id, ${models.floor}, ${models.score}, ${models.ceiling} (1/0 or true/false); ids are the items' external ids`}
          >
            <input
              id="sgr-file"
              type="file"
              accept=".json,.csv,application/json,text/csv"
              onChange={(ev) => readFile(ev.target.files?.[0])}
            />
          </Field>
        )}
        <div className="grid">
          <Field id="sgr-resamples" label="Bootstrap resamples" error={e.resamples?.message}>
            <input id="sgr-resamples" type="number" step="100" {...register("resamples", { valueAsNumber: true })} />
          </Field>
          <Field id="sgr-level" label="Interval level" error={e.level?.message}>
            <input id="sgr-level" type="number" step="0.01" {...register("level", { valueAsNumber: true })} />
          </Field>
          <Field id="sgr-seed" label="Seed" error={e.seed?.message}>
            <input id="sgr-seed" type="number" step="1" {...register("seed", { valueAsNumber: true })} />
          </Field>
        </div>
        <div className="row">
          <button type="submit" className="btn primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting && <span className="spinner" aria-hidden />} Compute
          </button>
        </div>
      </form>
      {result && (
        <section className="card stack" aria-live="polite" aria-label="Result">
          <div className="row">
            <div>
              <div className="muted small">{result.metric.toUpperCase()}</div>
              <div className="stat">{result.estimate === null ? "undefined" : fmt(result.estimate)}</div>
            </div>
            <div className="small">
              {result.lo !== null && result.hi !== null && (
                <>
                  {Math.round(result.level * 100)}% interval [{fmt(result.lo)}, {fmt(result.hi)}]<br />
                </>
              )}
              <span className="muted">
                {result.paired ? "paired bootstrap over test items" : "unpaired binomial bootstrap from accuracies"}, n
                = {result.n}
                {result.testSet && `, on ${result.testSet}`}
              </span>
            </div>
          </div>
          {result.undefinedReason && (
            <p className="small" role="status">
              {result.undefinedReason}
            </p>
          )}
          {result.resamplesDropped > 0 && (
            <p className="small" role="status">
              {result.resamplesDropped} of {result.resamplesDrawn} bootstrap resamples had a zero gap (ceiling = floor)
              and were left out of the interval
              {result.resamplesDropped / result.resamplesDrawn > 0.01 &&
                ": the interval is conditional on a non-zero gap and may be too narrow"}
              .
            </p>
          )}
          <table className="table">
            <thead>
              <tr>
                <th>Model</th>
                <th className="num">Accuracy</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(result.accuracies).map(([m, a]) => (
                <tr key={m}>
                  <td>{MODEL_LABELS[m] ?? m}</td>
                  <td className="num">{fmt(a)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.coverage && (
            <p className="small muted">
              Matched {result.coverage.matched} of the split&apos;s {result.coverage.testItems} test items
              {result.coverage.missingCount > 0 && `; ${result.coverage.missingCount} test items had no row`}
              {result.coverage.notInTestCount > 0 &&
                `; ${result.coverage.notInTestCount} rows were not test items and were ignored`}
              .
            </p>
          )}
        </section>
      )}
    </div>
  );
}
