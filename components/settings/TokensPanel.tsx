"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { ConfirmButton } from "@/components/ui/ConfirmButton";
import { Field, FormError } from "@/components/ui/Field";
import { LocalTime } from "@/components/ui/LocalTime";
import { apiFetch, applyFieldErrors } from "@/lib/api/client";
import { createTokenSchema } from "@/lib/auth/schemas";

type Token = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null };

export function TokensPanel({ tokens }: { tokens: Token[] }) {
  const router = useRouter();
  const [created, setCreated] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState,
    reset,
    setError: setFieldError,
  } = useForm<z.input<typeof createTokenSchema>>({ resolver: zodResolver(createTokenSchema) });
  const onSubmit = handleSubmit(async (v) => {
    setError(null);
    try {
      const r = await apiFetch<{ token: string }>("/api/v1/tokens", { body: v });
      setCreated(r.token);
      reset({ name: "" });
      router.refresh();
    } catch (e) {
      setError(applyFieldErrors(e, setFieldError as never));
    }
  });
  return (
    <div className="card stack">
      <h2 className="mt-0">API tokens</h2>
      <p className="small muted">
        Send <code>Authorization: Bearer &lt;token&gt;</code> to <code>/api/v1/*</code>. A token acts with your roles.
        It is shown once and stored only as a hash.
      </p>
      <FormError message={error} />
      {created && (
        <div className="notice stack">
          <label className="label" htmlFor="new-token">
            Your new token: copy it now, it will not be shown again
          </label>
          <input id="new-token" readOnly value={created} onFocus={(e) => e.target.select()} />
        </div>
      )}
      {tokens.length === 0 ? (
        <p className="muted small">No tokens yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Starts with</th>
                <th>Created</th>
                <th>Last used</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>
                    <LocalTime value={t.createdAt} style="dateTime" />
                  </td>
                  <td>{t.lastUsedAt ? <LocalTime value={t.lastUsedAt} style="dateTime" /> : "never"}</td>
                  <td>
                    <ConfirmButton
                      className="btn small danger"
                      label="Revoke"
                      title={`Revoke "${t.name}"?`}
                      body="Scripts using it stop working at once."
                      onConfirm={async () => {
                        await apiFetch(`/api/v1/tokens/${t.id}`, { method: "DELETE" });
                        router.refresh();
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={onSubmit} className="row align-end" noValidate>
        <div className="grow-wide">
          <Field id="token-name" label="New token name" error={formState.errors.name?.message}>
            <input id="token-name" placeholder="e.g. analysis notebook" {...register("name")} />
          </Field>
        </div>
        <button className="btn primary" type="submit" disabled={formState.isSubmitting}>
          Create token
        </button>
      </form>
    </div>
  );
}
