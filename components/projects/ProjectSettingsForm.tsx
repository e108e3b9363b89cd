"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field, FormError } from "@/components/ui/Field";
import { apiFetch, applyFieldErrors } from "@/lib/api/client";
import { annotationFields, poolingMethods, updateProjectSchema, type ProjectSettings } from "@/lib/projects/schemas";

type Input = z.input<typeof updateProjectSchema>;

const FIELD_LABELS: Record<(typeof annotationFields)[number], string> = {
  gradeLevel: "Grade level",
  bloom: "Bloom skill",
  steps: "Reasoning steps",
  difficulty: "Expert difficulty (1-3)",
  softLabel: "Soft label / answer with confidence",
};

export function ProjectSettingsForm({
  slug,
  initial,
}: {
  slug: string;
  initial: { name: string; description: string; instructions: string; settings: ProjectSettings };
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const {
    register,
    handleSubmit,
    formState,
    setError: setFieldError,
  } = useForm<Input>({ resolver: zodResolver(updateProjectSchema), defaultValues: initial });
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    setSaved(false);
    try {
      await apiFetch(`/api/v1/projects/${slug}`, { method: "PATCH", body: values });
      setSaved(true);
      router.refresh();
    } catch (e) {
      setError(applyFieldErrors(e, setFieldError as never));
    }
  });
  const e = formState.errors;
  const se = e.settings;
  return (
    <form onSubmit={onSubmit} className="card stack" noValidate>
      <h2 className="mt-0">Project</h2>
      <FormError message={error} />
      {saved && (
        <p className="notice" role="status">
          Saved.
        </p>
      )}
      <Field id="name" label="Name" error={e.name?.message}>
        <input id="name" aria-invalid={!!e.name} {...register("name")} />
      </Field>
      <Field id="description" label="Description" error={e.description?.message}>
        <textarea id="description" rows={2} {...register("description")} />
      </Field>
      <Field
        id="instructions"
        label="Annotator instructions"
        hint="Markdown; shown to annotators above the form"
        error={e.instructions?.message}
      >
        <textarea id="instructions" rows={8} {...register("instructions")} />
      </Field>
      <h2>Collection</h2>
      <div className="grid">
        <Field id="k" label="Annotations per item (k)" error={se?.k?.message}>
          <input id="k" type="number" min={1} max={100} {...register("settings.k", { valueAsNumber: true })} />
        </Field>
        <Field
          id="goldRate"
          label="Gold rate"
          hint="Share of served items that are gold (0-1)"
          error={se?.goldRate?.message}
        >
          <input
            id="goldRate"
            type="number"
            step="0.01"
            min={0}
            max={1}
            {...register("settings.goldRate", { valueAsNumber: true })}
          />
        </Field>
        <Field
          id="leaseMinutes"
          label="Lease (minutes)"
          hint="How long an item stays reserved"
          error={se?.leaseMinutes?.message}
        >
          <input
            id="leaseMinutes"
            type="number"
            min={1}
            {...register("settings.leaseMinutes", { valueAsNumber: true })}
          />
        </Field>
        <Field id="revisionWindowMinutes" label="Revision window (minutes)" error={se?.revisionWindowMinutes?.message}>
          <input
            id="revisionWindowMinutes"
            type="number"
            min={0}
            {...register("settings.revisionWindowMinutes", { valueAsNumber: true })}
          />
        </Field>
        <Field
          id="qualItems"
          label="Qualification gold items"
          hint="0 = no qualification round"
          error={se?.qualification?.items?.message}
        >
          <input
            id="qualItems"
            type="number"
            min={0}
            max={100}
            {...register("settings.qualification.items", { valueAsNumber: true })}
          />
        </Field>
        <Field id="qualScore" label="Qualification minimum accuracy" error={se?.qualification?.minScore?.message}>
          <input
            id="qualScore"
            type="number"
            step="0.05"
            min={0}
            max={1}
            {...register("settings.qualification.minScore", { valueAsNumber: true })}
          />
        </Field>
        <Field id="pooling" label="Soft-label pooling" error={se?.pooling?.message}>
          <select id="pooling" {...register("settings.pooling")}>
            {poolingMethods.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset className="bare">
        <legend className="label">Fields collected</legend>
        <div className="row">
          {annotationFields.map((f) => (
            <label key={f} className="row gap-xs">
              <input type="checkbox" {...register(`settings.fields.${f}`)} /> {FIELD_LABELS[f]}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="row gap-xs">
        <input type="checkbox" {...register("settings.goldFeedback")} /> Show annotators the answer and their
        calibration after gold items
      </label>
      <div>
        <button className="btn primary" type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting && <span className="spinner" aria-hidden />} Save
        </button>
      </div>
    </form>
  );
}
