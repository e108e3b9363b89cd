"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ApiError, apiFetch } from "@/lib/api/client";

/** Closes a study's link (no new participants; those inside may finish) or opens it again. */
export function StudyCloseButton({ studyId, closed }: { studyId: string; closed: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function toggle() {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/v1/studies/${studyId}`, { method: "PATCH", body: { closed: !closed } });
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Network error");
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="btn ghost" disabled={busy} onClick={() => void toggle()}>
        {closed ? "Open the link again" : "Close the link"}
      </button>
      {error && <span className="form-error">{error}</span>}
    </>
  );
}
