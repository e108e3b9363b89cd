"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { Field, FormError } from "@/components/ui/Field";
import { apiFetch, applyFieldErrors } from "@/lib/api/client";
import { registerSchema } from "@/lib/auth/schemas";

type Input = z.input<typeof registerSchema>;

export function RegisterForm({ invite, email }: { invite?: string; email?: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState,
    setError: setFieldError,
  } = useForm<Input>({
    resolver: zodResolver(registerSchema),
    defaultValues: { invite, email: email ?? undefined },
  });
  const onSubmit = handleSubmit(async (values) => {
    setError(null);
    try {
      await apiFetch("/api/v1/register", { body: values });
    } catch (err) {
      setError(applyFieldErrors(err, setFieldError as never));
      return;
    }
    const res = await signIn("credentials", { email: values.email, password: values.password, redirect: false });
    router.push(res?.ok ? "/projects" : "/signin");
    router.refresh();
  });
  const e = formState.errors;
  return (
    <form onSubmit={onSubmit} className="card stack" noValidate>
      <h1>Create your account</h1>
      <FormError message={error} />
      <Field id="name" label="Name" error={e.name?.message}>
        <input id="name" autoComplete="name" autoFocus aria-invalid={!!e.name} {...register("name")} />
      </Field>
      <Field id="email" label="Email" error={e.email?.message}>
        <input
          id="email"
          type="email"
          autoComplete="email"
          aria-invalid={!!e.email}
          readOnly={!!email}
          {...register("email")}
        />
      </Field>
      <Field id="password" label="Password" hint="At least 8 characters" error={e.password?.message}>
        <input
          id="password"
          type="password"
          autoComplete="new-password"
          aria-invalid={!!e.password}
          {...register("password")}
        />
      </Field>
      <button className="btn primary" type="submit" disabled={formState.isSubmitting}>
        {formState.isSubmitting && <span className="spinner" aria-hidden />} Create account
      </button>
    </form>
  );
}
