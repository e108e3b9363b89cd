"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { Field, FormError } from "@/components/ui/Field";
import { apiFetch, applyFieldErrors } from "@/lib/api/client";
import { createSplitSchema, splitPresets, type SplitRecipeInput } from "@/lib/splits/schemas";
import { SplitPreview, type Preview } from "./SplitPreview";

type Input = z.input<typeof createSplitSchema>;
type Measure = { name: string; label: string; group: string };

/** Recipe defaults; items need the project's k labels (labels per item) unless the researcher lowers the minimum. */
const defaults = (k: number): Record<SplitRecipeInput["kind"], SplitRecipeInput> => {
  const common = { seed: 0, minAnnotations: k, stratify: [] as ("source" | "subject")[], validationFraction: 0 };
  return {
    "easy-hard": {
      kind: "easy-hard",
      measure: "",
      cutoffs: { mode: "quantile", easyQuantile: 0.3, hardQuantile: 0.3 },
      medium: "exclude",
      labelSource: "gold",
      ...common,
    },
    "easy-hard-protocol": {
      kind: "easy-hard-protocol",
      measure: "",
      cutoffs: { mode: "quantile", easyQuantile: 0.3, hardQuantile: 0.3 },
      labelSource: "gold",
      testFraction: 0.3,
      ...common,
      // The train/test draw keeps each hardness bin's share by default.
      stratify: ["hardness"],
    },
    "weak-label": { kind: "weak-label", labelSource: "pooledSoft", testFraction: 0.2, ...common },
    confidence: {
      kind: "confidence",
      tau: 0.8,
      confidence: "topProbability",
      labelSource: "pooledSoft",
      testFraction: 0.2,
      ...common,
    },
  };
};

const num = { valueAsNumber: true } as const;

/** Recipe form: the same zod schema as the API; preview on demand, then save as a new version. */
export function SplitBuilder({ slug, measures, k }: { slug: string; measures: Measure[]; k: number }) {
  const DEFAULTS = defaults(k);
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<Input>({
    resolver: zodResolver(createSplitSchema),
    defaultValues: { name: "", recipe: { ...DEFAULTS["easy-hard"], measure: measures[0]?.name ?? "" } as never },
  });
  const { register, handleSubmit, control, setValue, formState, setError: setFieldError, trigger, getValues } = form;
  const recipe = useWatch({ control, name: "recipe" }) as SplitRecipeInput;
  const kind = recipe.kind;
  const errors = formState.errors as {
    name?: { message?: string };
    recipe?: Record<string, { message?: string } & Record<string, { message?: string }>>;
  };
  const re = errors.recipe ?? {};
  const field = (name: string) => register(`recipe.${name}` as never);
  const numberField = (name: string) => register(`recipe.${name}` as never, num);

  const choosePreset = (id: string) => {
    const preset = splitPresets.find((p) => p.id === id);
    if (!preset) return;
    setValue("recipe", {
      ...(getValues("recipe") as object),
      kind: getValues("recipe").kind === "easy-hard-protocol" ? "easy-hard-protocol" : "easy-hard",
      measure: preset.measure,
      preset: preset.id,
      cutoffs: { mode: "fixed", easyMax: preset.easyMax, hardMin: preset.hardMin },
    } as never);
    if (!getValues("name")) setValue("name", preset.id);
  };

  const runPreview = async () => {
    setError(null);
    if (!(await trigger("recipe"))) return;
    setPreviewing(true);
    try {
      setPreview(
        await apiFetch<Preview>(`/api/v1/projects/${slug}/splits/preview`, { body: { recipe: getValues("recipe") } }),
      );
    } catch (e) {
      setError(applyFieldErrors(e, setFieldError as never));
    } finally {
      setPreviewing(false);
    }
  };

  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setSaved(null);
    try {
      const res = await apiFetch<{ name: string; version: number; hash: string; unchanged: boolean }>(
        `/api/v1/projects/${slug}/splits`,
        { body: values },
      );
      setSaved(
        res.unchanged
          ? `Nothing changed: version ${res.version} of "${res.name}" is still current.`
          : `Saved "${res.name}" version ${res.version} (hash ${res.hash.slice(0, 12)}…).`,
      );
      router.refresh();
    } catch (e) {
      setError(applyFieldErrors(e, setFieldError as never));
    }
  });

  const binned = kind === "easy-hard" || kind === "easy-hard-protocol";
  const cutoffMode = binned ? recipe.cutoffs?.mode : null;
  return (
    <div className="stack">
      <form onSubmit={onSubmit} className="card stack" noValidate aria-label="Split recipe">
        <FormError message={error} />
        {saved && (
          <div className="notice" role="status">
            {saved}
          </div>
        )}
        <div className="grid">
          <Field
            id="split-name"
            label="Name"
            hint="Saving again under the same name makes a new version"
            error={errors.name?.message}
          >
            <input id="split-name" aria-invalid={!!errors.name} {...register("name")} />
          </Field>
          <Field id="split-kind" label="Recipe">
            <select
              id="split-kind"
              value={kind}
              onChange={(e) =>
                setValue("recipe", {
                  ...DEFAULTS[e.target.value as SplitRecipeInput["kind"]],
                  ...(e.target.value.startsWith("easy-hard") ? { measure: measures[0]?.name ?? "" } : {}),
                } as never)
              }
            >
              <option value="easy-hard-protocol">
                Easy-to-hard protocol (train/test split, then easy/medium/hard in both)
              </option>
              <option value="easy-hard">Easy-to-hard, simple (train easy, test hard)</option>
              <option value="weak-label">Weak labels (all items, pooled human labels)</option>
              <option value="confidence">Confidence threshold (tau)</option>
            </select>
          </Field>
          {binned && (
            <Field id="split-preset" label="Paper preset" hint="Hase et al. 2024 cut-offs on imported metadata">
              <select id="split-preset" value={recipe.preset ?? ""} onChange={(e) => choosePreset(e.target.value)}>
                <option value="">None</option>
                {splitPresets.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.label}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </div>

        {binned && (
          <div className="grid">
            <Field id="split-measure" label="Hardness measure" error={re.measure?.message}>
              <select id="split-measure" {...field("measure")}>
                {measures.map((m) => (
                  <option key={m.name} value={m.name}>
                    {m.label} ({m.name})
                  </option>
                ))}
              </select>
            </Field>
            <Field id="split-mode" label="Cut-offs">
              <select
                id="split-mode"
                value={cutoffMode ?? "quantile"}
                onChange={(e) =>
                  setValue(
                    "recipe.cutoffs" as never,
                    (e.target.value === "fixed"
                      ? { mode: "fixed", easyMax: 0, hardMin: 1 }
                      : { mode: "quantile", easyQuantile: 0.3, hardQuantile: 0.3 }) as never,
                  )
                }
              >
                <option value="quantile">Quantiles (bottom / top share)</option>
                <option value="fixed">Fixed values</option>
              </select>
            </Field>
            {cutoffMode === "fixed" ? (
              <>
                <Field id="split-easy" label="Easy if ≤" error={re.cutoffs?.easyMax?.message}>
                  <input id="split-easy" type="number" step="any" {...numberField("cutoffs.easyMax")} />
                </Field>
                <Field id="split-hard" label="Hard if ≥" error={re.cutoffs?.hardMin?.message}>
                  <input id="split-hard" type="number" step="any" {...numberField("cutoffs.hardMin")} />
                </Field>
              </>
            ) : (
              <>
                <Field
                  id="split-easyq"
                  label="Easy share (bottom)"
                  hint="0.3 = bottom 30%, numpy linear quantile"
                  error={re.cutoffs?.easyQuantile?.message}
                >
                  <input
                    id="split-easyq"
                    type="number"
                    step="0.05"
                    min={0}
                    max={1}
                    {...numberField("cutoffs.easyQuantile")}
                  />
                </Field>
                <Field id="split-hardq" label="Hard share (top)" error={re.cutoffs?.hardQuantile?.message}>
                  <input
                    id="split-hardq"
                    type="number"
                    step="0.05"
                    min={0}
                    max={1}
                    {...numberField("cutoffs.hardQuantile")}
                  />
                </Field>
              </>
            )}
            {kind === "easy-hard" && (
              <Field id="split-medium" label="Medium items">
                <select id="split-medium" {...field("medium")}>
                  <option value="exclude">Leave out</option>
                  <option value="validation">Validation</option>
                </select>
              </Field>
            )}
          </div>
        )}

        {kind === "confidence" && (
          <div className="grid">
            <Field
              id="split-tau"
              label="Tau"
              hint="Items with confidence ≥ tau train; 0 keeps all (weak labels)"
              error={re.tau?.message}
            >
              <input id="split-tau" type="number" step="0.05" min={0} max={1} {...numberField("tau")} />
            </Field>
            <Field id="split-confidence" label="Confidence of the pooled label">
              <select id="split-confidence" {...field("confidence")}>
                <option value="topProbability">Top probability</option>
                <option value="normalizedEntropy">1 − normalized entropy</option>
              </select>
            </Field>
          </div>
        )}

        <div className="grid">
          <Field id="split-label" label="Training labels">
            <select id="split-label" {...field("labelSource")}>
              <option value="gold">Gold answer</option>
              <option value="pooled">Pooled human label (argmax)</option>
              <option value="pooledSoft">Pooled human soft label</option>
            </select>
          </Field>
          {kind !== "easy-hard" && (
            <Field
              id="split-test"
              label="Test fraction"
              hint={
                kind === "easy-hard-protocol"
                  ? "Drawn first, item by item, from the items with a known answer; then binned like train"
                  : "Of the items with a known answer"
              }
              error={re.testFraction?.message}
            >
              <input id="split-test" type="number" step="0.05" min={0} max={0.9} {...numberField("testFraction")} />
            </Field>
          )}
          <Field
            id="split-validation"
            label="Validation fraction"
            hint="Drawn from the training items"
            error={re.validationFraction?.message}
          >
            <input
              id="split-validation"
              type="number"
              step="0.05"
              min={0}
              max={0.9}
              {...numberField("validationFraction")}
            />
          </Field>
          <Field id="split-min" label="Minimum annotations per item" error={re.minAnnotations?.message}>
            <input id="split-min" type="number" step="1" min={0} {...numberField("minAnnotations")} />
          </Field>
          <Field
            id="split-seed"
            label="Seed"
            hint="Same recipe, seed and data give the same split"
            error={re.seed?.message}
          >
            <input id="split-seed" type="number" step="1" min={0} {...numberField("seed")} />
          </Field>
          <fieldset className="field bare">
            <legend className="label">Stratify draws by</legend>
            <label className="row small">
              <input type="checkbox" value="source" {...field("stratify")} /> source
            </label>
            <label className="row small">
              <input type="checkbox" value="subject" {...field("stratify")} /> subject
            </label>
            {kind === "easy-hard-protocol" && (
              <label className="row small">
                <input type="checkbox" value="hardness" {...field("stratify")} /> hardness bin
              </label>
            )}
          </fieldset>
        </div>
        <div className="row">
          <button type="button" className="btn" onClick={runPreview} disabled={previewing}>
            {previewing && <span className="spinner" aria-hidden />} Preview
          </button>
          <button type="submit" className="btn primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting && <span className="spinner" aria-hidden />} Save split
          </button>
          <span className="muted small">Saved splits are immutable snapshots; exports come from the snapshot.</span>
        </div>
      </form>
      {previewing && !preview && <div className="skeleton h-200" aria-label="Loading preview" />}
      {preview && <SplitPreview preview={preview} />}
    </div>
  );
}
