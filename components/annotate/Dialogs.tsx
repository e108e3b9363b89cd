"use client";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { SKIP_REASON_LABELS, SKIP_REASONS, type SkipReason } from "@/lib/annotations/scales";
import type { Shortcut } from "./shortcuts";

function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    d?.showModal();
    // showModal focuses the first control; the dialog's own choice (data-autofocus) comes first.
    d?.querySelector<HTMLElement>("[data-autofocus]")?.focus();
    return () => d?.close();
  }, []);
  return (
    <dialog ref={ref} aria-labelledby="modal-title" onClose={onClose} onCancel={onClose}>
      <h2 id="modal-title">{title}</h2>
      {children}
    </dialog>
  );
}

export function SkipDialog({
  onClose,
  onSkip,
}: {
  onClose: () => void;
  onSkip: (reason: SkipReason) => Promise<void>;
}) {
  const [reason, setReason] = useState<SkipReason>("dont_know");
  const [busy, setBusy] = useState(false);
  return (
    <Modal title="Skip this item" onClose={onClose}>
      <form
        className="stack"
        onKeyDown={(ev) => {
          // Enter on a reason (a radio, which browsers do not submit on) skips.
          if (ev.key === "Enter" && ev.target instanceof HTMLInputElement) {
            ev.preventDefault();
            ev.currentTarget.requestSubmit();
          }
        }}
        onSubmit={async (ev) => {
          ev.preventDefault();
          setBusy(true);
          await onSkip(reason);
          setBusy(false);
          onClose();
        }}
      >
        <fieldset className="field radio-group">
          <legend className="label">Why?</legend>
          {SKIP_REASONS.map((r) => (
            <label key={r} className="radio">
              <input
                type="radio"
                name="skip-reason"
                value={r}
                checked={reason === r}
                onChange={() => setReason(r)}
                data-autofocus={r === reason ? true : undefined}
              />{" "}
              {SKIP_REASON_LABELS[r]}
            </label>
          ))}
        </fieldset>
        <div className="row dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary" disabled={busy}>
            Skip item
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function FlagDialog({ onClose, onFlag }: { onClose: () => void; onFlag: (comment: string) => Promise<void> }) {
  const [comment, setComment] = useState("");
  const [error, setError] = useState<string | null>(null);
  return (
    <Modal title="Flag this item for the researchers" onClose={onClose}>
      <form
        className="stack"
        onSubmit={async (ev) => {
          ev.preventDefault();
          if (!comment.trim()) return setError("Say what is wrong with the item");
          try {
            await onFlag(comment.trim());
            onClose();
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      >
        <div className="field">
          <label htmlFor="flag-comment">What is wrong?</label>
          <textarea
            id="flag-comment"
            data-autofocus
            value={comment}
            maxLength={2000}
            onChange={(ev) => setComment(ev.target.value)}
            aria-invalid={!!error}
            onKeyDown={(ev) => {
              if (ev.key === "Enter" && !ev.shiftKey) {
                ev.preventDefault();
                ev.currentTarget.form?.requestSubmit();
              }
            }}
          />
          <span className="hint">
            Enter sends, Shift+Enter starts a new line. You can still answer or skip the item.
          </span>
          {error && (
            <span className="error" role="alert">
              {error}
            </span>
          )}
        </div>
        <div className="row dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn primary">
            Flag item
          </button>
        </div>
      </form>
    </Modal>
  );
}

export const Keys = ({ keys }: { keys: string[] }) => (
  <>{keys.map((k, i) => (k === "–" ? <span key={i}>–</span> : <kbd key={i}>{k}</kbd>))}</>
);

export function ShortcutsDialog({ onClose, shortcuts }: { onClose: () => void; shortcuts: Shortcut[] }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose}>
      <table className="table shortcuts-table">
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.does}>
              <td>
                <Keys keys={s.keys} />
              </td>
              <td>{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="small muted">
        Letters work when the cursor is not in a text box; digits act on the field that has the focus. After a digit the
        focus moves to the next empty field.
      </p>
      <div className="row dialog-actions">
        <button type="button" className="btn primary" data-autofocus onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  );
}
