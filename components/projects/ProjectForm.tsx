"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field, FormError } from "@/components/ui/Field";
import { apiFetch, applyFieldErrors } from "@/lib/api/client";
import { createProjectSchema } from "@/lib/projects/schemas";

type Input = z.input<typeof createProjectSchema>;

const slugify = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);

/** The new-project form; settings start from the defaults and are edited on the project's settings page. */
export function NewProjectForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState,
    setValue,
    getFieldState,
    setError: setFieldError,
  } = useForm<Input>({ resolver: zodResolver(createProjectSchema) });
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    try {
      const p = await apiFetch<{ slug: string }>("/api/v1/projects", { body: values });
      router.push(`/projects/${p.slug}/import`);
    } catch (e) {
      setError(applyFieldErrors(e, setFieldError as never));
    }
  });
  const e = formState.errors;
  const name = register("name");
  return (
    <form onSubmit={onSubmit} className="card stack measure" noValidate>
      <FormError message={error} />
      <Field id="name" label="Name" error={e.name?.message}>
        <input
          id="name"
          autoFocus
          aria-invalid={!!e.name}
          {...name}
          onChange={(ev) => {
            void name.onChange(ev);
            if (!getFieldState("slug").isDirty) setValue("slug", slugify(ev.target.value));
          }}
        />
      </Field>
      <Field
        id="slug"
        label="Slug"
        hint="Used in URLs and the API: lowercase letters, digits, dashes"
        error={e.slug?.message}
      >
        <input id="slug" aria-invalid={!!e.slug} {...register("slug")} />
      </Field>
      <Field id="description" label="Description" error={e.description?.message}>
        <textarea id="description" rows={3} {...register("description")} />
      </Field>
      <div className="row">
        <button className="btn primary" type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting && <span className="spinner" aria-hidden />} Create project
        </button>
        <span className="muted small">Next: import questions.</span>
      </div>
    </form>
  );
}
