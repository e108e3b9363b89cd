"use client";

import { useEffect, useMemo, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { ChartFrame } from "@/components/charts/ChartFrame";
import { Heatmap, type HeatCell } from "@/components/charts/Heatmap";
import { ScatterWithMarginals, type ScatterPoint } from "@/components/charts/Charts";
import { Field, FormError } from "@/components/ui/Field";
import { apiFetch, ApiError } from "@/lib/api/client";
import { correlationMethods, correlationQuerySchema } from "@/lib/hardness/schemas";
import type { MeasureInfo } from "@/lib/hardness/measures";
import { dictionary } from "@/lib/dictionary";
import { count, decimal, plural } from "@/lib/format";

type Result = {
  method: string;
  measures: string[];
  matrix: HeatCell[][];
  notes: string[];
  items: number;
  bootstrap: number;
  seed: number;
  control: string | null;
  resample: "items" | "items+annotators";
  annotators: number | null;
  annotatorMeasures: string[];
};
type Scatter = {
  x: string;
  y: string;
  n: number;
  points: ScatterPoint[];
  xHistogram: { from: number; to: number; count: number }[];
  yHistogram: { from: number; to: number; count: number }[];
};

// The form edits the same query the API validates; measures are chosen as a list of names.
const formSchema = z
  .object({
    method: z.enum(correlationMethods),
    measures: z.array(z.string()).min(2, "Choose at least two measures").max(30, "Choose at most 30 measures"),
    control: z.string(),
    bootstrap: z.number({ error: "Enter a number" }).int().min(0).max(10_000),
    resample: z.enum(["items", "items+annotators"]),
    seed: z.number({ error: "Enter a number" }).int(),
    source: z.string(),
    subject: z.string(),
  })
  .refine((v) => v.method !== "partial" || v.control !== "", {
    message: "Partial correlation needs a control measure",
    path: ["control"],
  });
type Form = z.infer<typeof formSchema>;

const METHOD_LABEL = dictionary<string>({
  spearman: "Spearman",
  pearson: "Pearson",
  kendall: "Kendall tau-b",
  partial: "Partial Spearman",
});

export function CorrelationExplorer({
  slug,
  measures,
  defaults,
  sources,
  subjects,
}: {
  slug: string;
  measures: MeasureInfo[];
  defaults: string[];
  sources: string[];
  subjects: string[];
}) {
  const byName = useMemo(() => new Map(measures.map((m) => [m.name, m])), [measures]);
  const { register, handleSubmit, control, formState } = useForm<Form>({
    resolver: zodResolver(formSchema),
    defaultValues: {
      method: "spearman",
      measures: defaults,
      control: "",
      bootstrap: 1000,
      resample: "items",
      seed: 1,
      source: "",
      subject: "",
    },
  });
  const [query, setQuery] = useState<Form | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [pair, setPair] = useState<[number, number] | null>(null);
  const [scatter, setScatter] = useState<Scatter | null>(null);
  const [scatterLoading, setScatterLoading] = useState(false);
  const method = useWatch({ control, name: "method" });

  const params = (q: Form) => {
    const p = new URLSearchParams({
      method: q.method,
      measures: q.measures.join(","),
      bootstrap: String(q.bootstrap),
      resample: q.resample,
      seed: String(q.seed),
    });
    if (q.method === "partial" && q.control) p.set("control", q.control);
    if (q.source) p.set("source", q.source);
    if (q.subject) p.set("subject", q.subject);
    // Same validation as the API handler.
    correlationQuerySchema.parse(Object.fromEntries(p));
    return p;
  };

  const run = (q: Form) => {
    setQuery(q);
    setLoading(true);
    setError(null);
    setPair(null);
    setScatter(null);
    apiFetch<Result>(`/api/v1/projects/${slug}/correlations?${params(q)}`)
      .then(setResult)
      .catch((e) => setError(e instanceof ApiError ? e.message : "Network error: try again"))
      .finally(() => setLoading(false));
  };

  useEffect(() => {
    handleSubmit(run)();
    // First load only; later runs come from the form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const select = (i: number, j: number) => {
    if (!result || !query) return;
    setPair([i, j]);
    setScatterLoading(true);
    const p = new URLSearchParams({ x: result.measures[j], y: result.measures[i] });
    if (query.source) p.set("source", query.source);
    if (query.subject) p.set("subject", query.subject);
    apiFetch<Scatter>(`/api/v1/projects/${slug}/correlations?${p}`)
      .then(setScatter)
      .catch((e) => setError(e instanceof ApiError ? e.message : "Network error: try again"))
      .finally(() => setScatterLoading(false));
  };

  const label = (name: string) => byName.get(name)?.label ?? name;
  const csv = result
    ? result.measures.flatMap((a, i) =>
        result.measures.map((b, j) => ({
          a,
          b,
          method: result.method,
          rho: result.matrix[i][j].rho,
          lo: result.matrix[i][j].lo,
          hi: result.matrix[i][j].hi,
          n: result.matrix[i][j].n,
        })),
      )
    : [];
  const xInfo = scatter ? byName.get(scatter.x) : undefined;
  const yInfo = scatter ? byName.get(scatter.y) : undefined;
  return (
    <div className="stack">
      <form className="card stack" onSubmit={handleSubmit(run)} aria-label="Correlation settings">
        <div className="row align-end">
          <Field id="method" label="Method">
            <select id="method" {...register("method")}>
              {correlationMethods.map((m) => (
                <option key={m} value={m}>
                  {METHOD_LABEL[m]}
                </option>
              ))}
            </select>
          </Field>
          {method === "partial" ? (
            <Field id="control" label="Control for" error={formState.errors.control?.message}>
              <select id="control" {...register("control")}>
                <option value="">Choose…</option>
                {measures.map((m) => (
                  <option key={m.name} value={m.name}>
                    {m.label}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
          <Field id="bootstrap" label="Bootstrap resamples" error={formState.errors.bootstrap?.message}>
            <input
              id="bootstrap"
              type="number"
              min={0}
              max={10000}
              {...register("bootstrap", { valueAsNumber: true })}
              className="w-8rem"
            />
          </Field>
          <Field
            id="resample"
            label="Resample"
            hint="Two-way also redraws the annotators and recomputes the measures that depend on them"
          >
            <select id="resample" {...register("resample")}>
              <option value="items">Items</option>
              <option value="items+annotators">Items and annotators (two-way)</option>
            </select>
          </Field>
          <Field id="seed" label="Seed" error={formState.errors.seed?.message}>
            <input id="seed" type="number" {...register("seed", { valueAsNumber: true })} className="w-6rem" />
          </Field>
          <Field id="source" label="Source">
            <select id="source" {...register("source")}>
              <option value="">All</option>
              {sources.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
          <Field id="subject" label="Subject">
            <select id="subject" {...register("subject")}>
              <option value="">All</option>
              {subjects.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </Field>
          <button className="btn primary" type="submit" disabled={loading}>
            {loading ? "Computing…" : "Update"}
          </button>
        </div>
        <fieldset className="measure-picker">
          <legend>Measures</legend>
          {measures.map((m) => (
            <label key={m.name} className="small" title={m.description}>
              <input type="checkbox" value={m.name} {...register("measures")} /> {m.label}
            </label>
          ))}
        </fieldset>
        <FormError message={formState.errors.measures?.message ?? error} />
      </form>
      <ChartFrame
        title={`${METHOD_LABEL[result?.method ?? "spearman"]} correlations`}
        description={
          result
            ? `${plural(result.items, "item")}${result.control ? `, controlling for ${label(result.control)}` : ""}; 95% percentile bootstrap intervals from ${result.bootstrap} resamples (seed ${result.seed}) of ${result.resample === "items+annotators" ? `items and the ${result.annotators ?? 0} annotators (two-way)` : "items (annotators held fixed)"}; pairwise-complete n per cell.`
            : undefined
        }
        fileName={`${slug}-correlations`}
        data={csv}
        loading={loading && !result}
        empty={result && result.items === 0 ? "No items match these filters." : null}
      >
        {result ? (
          <Heatmap labels={result.measures.map(label)} matrix={result.matrix} onSelect={select} selected={pair} />
        ) : null}
        {result?.notes.map((n) => (
          <p key={n} className="notice small">
            {n}
          </p>
        ))}
      </ChartFrame>
      {pair && result ? (
        <ChartFrame
          title={`${label(result.measures[pair[0]])} against ${label(result.measures[pair[1]])}`}
          description={
            scatter
              ? `${plural(scatter.n, "item")} with both measures${scatter.points.length < scatter.n ? ` (${count(scatter.points.length)} shown)` : ""}; rho ${decimal(result.matrix[pair[0]][pair[1]].rho, 3)}. Discrete measures are jittered; bars show each measure's distribution.`
              : undefined
          }
          fileName={`${slug}-scatter-${result.measures[pair[1]]}-${result.measures[pair[0]]}`}
          data={scatter?.points ?? []}
          loading={scatterLoading}
          empty={scatter && scatter.n === 0 ? "No items have both measures." : null}
        >
          {scatter ? (
            <ScatterWithMarginals
              points={scatter.points}
              xLabel={label(scatter.x)}
              yLabel={label(scatter.y)}
              jitterX={xInfo ? xInfo.kind !== "continuous" : false}
              jitterY={yInfo ? yInfo.kind !== "continuous" : false}
              xHistogram={scatter.xHistogram}
              yHistogram={scatter.yHistogram}
              onPoint={(p) => window.open(`/projects/${slug}/items/${p.itemId}`, "_self")}
            />
          ) : null}
        </ChartFrame>
      ) : null}
    </div>
  );
}
