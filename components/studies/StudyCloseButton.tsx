"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/ConfirmButton";
import { ApiError, apiFetch } from "@/lib/api/client";

const setClosed = (studyId: string, closed: boolean) =>
  apiFetch(`/api/v1/studies/${studyId}`, { method: "PATCH", body: { closed } });

/**
 * Closes a study's link after a confirmation (no new participants; those inside may finish), or opens it again.
 */
export function StudyCloseButton({ studyId, name, closed }: { studyId: string; name: string; closed: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!closed)
    return (
      <ConfirmButton
        label="Close the link"
        className="btn ghost"
        title={`Close the link of “${name}”?`}
        body={
          <p className="flush">
            Nobody new can enter through it; participants already inside may finish. You can open it again later.
          </p>
        }
        onConfirm={async () => {
          await setClosed(studyId, true);
          router.refresh();
        }}
      />
    );
  async function reopen() {
    setBusy(true);
    setError(null);
    try {
      await setClosed(studyId, false);
      router.refresh();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Network error");
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="btn ghost" disabled={busy} onClick={() => void reopen()}>
        {busy && <span className="spinner" aria-hidden />} Open the link again
      </button>
      {error && <span className="form-error">{error}</span>}
    </>
  );
}
