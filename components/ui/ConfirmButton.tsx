"use client";
import { useId, useRef, useState, type ReactNode } from "react";

/** A destructive action behind a confirmation dialog; the user types `confirmText` when given. */
export function ConfirmButton({
  label,
  title,
  body,
  confirmText,
  onConfirm,
  className = "btn danger",
  ariaLabel,
}: {
  label: ReactNode;
  /** The button's accessible name when several buttons share one visible label (one per row). */
  ariaLabel?: string;
  title: string;
  body: ReactNode;
  confirmText?: string;
  onConfirm: () => Promise<void>;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [typed, setTyped] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      dialog.current?.close();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className={className} aria-label={ariaLabel} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`} className="card-title">
          {title}
        </h2>
        <div className="stack">
          <div>{body}</div>
          {confirmText && (
            <div className="field">
              <label htmlFor={`${id}-input`}>
                Type <code>{confirmText}</code> to confirm
              </label>
              <input id={`${id}-input`} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
            </div>
          )}
          {error && (
            <div className="form-error" role="alert">
              {error}
            </div>
          )}
          <div className="row end">
            <button type="button" className="btn" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button
              type="button"
              className="btn danger"
              disabled={busy || (confirmText !== undefined && typed !== confirmText)}
              onClick={confirm}
            >
              {busy ? <span className="spinner" aria-label="Working" /> : null} Confirm
            </button>
          </div>
        </div>
      </dialog>
    </>
  );
}
