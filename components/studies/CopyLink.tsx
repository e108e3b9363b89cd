"use client";
import { useId, useRef, useState } from "react";

/** A study's public link, selectable, with a button that copies it (or says how, where the clipboard is refused). */
export function CopyLink({ url, label = "Public link" }: { url: string; label?: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [said, setSaid] = useState<string | null>(null);
  async function copy() {
    input.current?.select();
    try {
      await navigator.clipboard.writeText(url);
      setSaid("Copied");
    } catch {
      setSaid("Selected: press Ctrl+C (⌘C) to copy");
    }
  }
  return (
    <div className="copy-link">
      <label htmlFor={id} className="label">
        {label}
      </label>
      <div className="row">
        <input id={id} ref={input} readOnly value={url} onFocus={(e) => e.target.select()} />
        <button type="button" className="btn" onClick={() => void copy()}>
          Copy link
        </button>
        <span className="small muted" role="status">
          {said}
        </span>
      </div>
    </div>
  );
}
