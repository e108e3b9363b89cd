"use client";
import { useState } from "react";
import { FormError } from "@/components/ui/Field";
import { apiFetch } from "@/lib/api/client";

export function RegistrationMode({ initial }: { initial: "open" | "invite" }) {
  const [mode, setMode] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  async function choose(next: "open" | "invite") {
    setError(null);
    try {
      await apiFetch("/api/v1/admin/registration", { method: "PUT", body: { mode: next } });
      setMode(next);
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <fieldset className="card stack flush">
      <legend className="label">Registration</legend>
      <FormError message={error} />
      <label className="row gap-sm">
        <input type="radio" name="mode" checked={mode === "open"} onChange={() => choose("open")} /> Open: anyone can
        create an account
      </label>
      <label className="row gap-sm">
        <input type="radio" name="mode" checked={mode === "invite"} onChange={() => choose("invite")} /> By invite only:
        accounts come from project invite links
      </label>
    </fieldset>
  );
}
