"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { safeNextPath } from "@/lib/auth/next-path";
import { useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field, FormError } from "@/components/ui/Field";
import { signInSchema } from "@/lib/auth/schemas";

type Input = z.input<typeof signInSchema>;

export function SignInForm() {
  const router = useRouter();
  const next = safeNextPath(useSearchParams().get("next"));
  const [error, setError] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<Input>({ resolver: zodResolver(signInSchema) });
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    const res = await signIn("credentials", { ...values, redirect: false });
    if (res?.ok) {
      router.push(next);
      router.refresh();
    } else if (res?.status === 429) {
      setError("Too many failed sign-ins. Wait 15 minutes and try again.");
    } else {
      setError("Wrong email or password.");
    }
  });
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} className="card stack" noValidate>
      <h1>Sign in</h1>
      <FormError message={error} />
      <Field id="email" label="Email" error={e.email?.message}>
        <input id="email" type="email" autoComplete="email" autoFocus aria-invalid={!!e.email} {...register("email")} />
      </Field>
      <Field id="password" label="Password" error={e.password?.message}>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          aria-invalid={!!e.password}
          {...register("password")}
        />
      </Field>
      <button className="btn primary" type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting && <span className="spinner" aria-hidden />} Sign in
      </button>
    </form>
  );
}
