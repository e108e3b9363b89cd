"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field, FormError } from "@/components/ui/Field";
import { apiFetch, applyFieldErrors } from "@/lib/api/client";
import { changePasswordSchema } from "@/lib/auth/schemas";

type Input = z.input<typeof changePasswordSchema>;

export function PasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const {
    register,
    handleSubmit,
    formState,
    reset,
    setError: setFieldError,
  } = useForm<Input>({ resolver: zodResolver(changePasswordSchema) });
  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    setDone(false);
    try {
      await apiFetch("/api/v1/me/password", { body: v });
      reset({ currentPassword: "", newPassword: "", confirmPassword: "" });
      setDone(true);
    } catch (e) {
      setError(applyFieldErrors(e, setFieldError as never));
    }
  });
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} className="card stack" noValidate>
      <h2 className="mt-0">Change password</h2>
      <FormError message={error} />
      {done && (
        <p className="notice" role="status">
          Password changed. Every session, this one included, is now signed out:{" "}
          <a href="/signin?next=/settings">sign in again</a> with the new password.
        </p>
      )}
      <Field id="currentPassword" label="Current password" error={e.currentPassword?.message}>
        <input
          id="currentPassword"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!e.currentPassword}
          {...register("currentPassword")}
        />
      </Field>
      <Field id="newPassword" label="New password" hint="At least 8 characters" error={e.newPassword?.message}>
        <input
          id="newPassword"
          type="password"
          autoComplete="new-password"
          aria-invalid={!!e.newPassword}
          {...register("newPassword")}
        />
      </Field>
      <Field id="confirmPassword" label="Repeat the new password" error={e.confirmPassword?.message}>
        <input
          id="confirmPassword"
          type="password"
          autoComplete="new-password"
          aria-invalid={!!e.confirmPassword}
          {...register("confirmPassword")}
        />
      </Field>
      <div>
        <button className="btn primary" type="submit" disabled={formState.isSubmitting}>
          Change password
        </button>
      </div>
    </form>
  );
}
