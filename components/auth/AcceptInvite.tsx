"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/Field";
import { apiFetch, ApiError } from "@/lib/api/client";

export function AcceptInvite({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function accept() {
    setBusy(true);
    try {
      const { slug } = await apiFetch<{ slug: string }>(`/api/v1/invites/${token}`, { method: "POST" });
      router.push(`/projects/${slug}`);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Network error");
      setBusy(false);
    }
  }
  return (
    <div className="card stack">
      <FormError message={error} />
      <button className="btn primary" onClick={accept} disabled={busy}>
        Join the project
      </button>
    </div>
  );
}
