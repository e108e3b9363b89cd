"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/components/ui/Field";
import { count, decimal, plural } from "@/lib/format";
import { apiFetch, ApiError } from "@/lib/api/client";
import type { ImportPreview } from "@/lib/items/preview";

type Format = { format: string; label: string; description: string; accept: string };
type Result = { created: number; updated: number; skipped: number; errors: { line: number; error: string }[] };

const PREVIEW_BYTES = 256 * 1024;

/** Upload with a preview: the first rows are parsed by the server exactly as the import will parse them. */
export function ImportForm({ slug, formats }: { slug: string; formats: Format[] }) {
  const router = useRouter();
  const [format, setFormat] = useState(formats[0].format);
  const [file, setFile] = useState<File | null>(null);
  const [onConflict, setOnConflict] = useState<"skip" | "update">("skip");
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"preview" | "import" | null>(null);

  const query = (extra: Record<string, string>) =>
    new URLSearchParams({ format, ...(file ? { fileName: file.name } : {}), ...extra }).toString();

  async function runPreview(f: File, fmt: string) {
    setBusy("preview");
    setError(null);
    setResult(null);
    try {
      let head = await f.slice(0, PREVIEW_BYTES).arrayBuffer();
      // Cut at the last newline so the preview does not report the truncated last row of a larger file.
      if (f.size > PREVIEW_BYTES) head = head.slice(0, new Uint8Array(head).lastIndexOf(10) + 1);
      const q = new URLSearchParams({ format: fmt, fileName: f.name, dryRun: "true" });
      setPreview(await apiFetch<ImportPreview>(`/api/v1/projects/${slug}/items?${q}`, { raw: head }));
    } catch (e) {
      setPreview(null);
      setError(e instanceof ApiError ? e.message : "Network error");
    } finally {
      setBusy(null);
    }
  }

  async function runImport() {
    if (!file) return;
    setBusy("import");
    setError(null);
    try {
      const r = await apiFetch<Result>(`/api/v1/projects/${slug}/items?${query({ onConflict })}`, { raw: file });
      setResult(r);
      router.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) setResult(e.body as Result);
      setError(e instanceof ApiError ? e.message : "Network error");
    } finally {
      setBusy(null);
    }
  }

  const selected = formats.find((f) => f.format === format)!;
  return (
    <div className="stack">
      <div className="card stack">
        <div className="field">
          <label htmlFor="format">Format</label>
          <select
            id="format"
            value={format}
            onChange={(e) => {
              setFormat(e.target.value);
              if (file) void runPreview(file, e.target.value);
            }}
          >
            {formats.map((f) => (
              <option key={f.format} value={f.format}>
                {f.label}
              </option>
            ))}
          </select>
          <span className="hint">{selected.description}</span>
        </div>
        <div className="field">
          <label htmlFor="file">File</label>
          <input
            id="file"
            type="file"
            accept={selected.accept}
            onChange={(e) => {
              const f = e.target.files?.[0] ?? null;
              setFile(f);
              setPreview(null);
              if (f) void runPreview(f, format);
            }}
          />
          {file && (
            <span className="hint">
              {file.name} · {decimal(file.size / 1e6)} MB
            </span>
          )}
        </div>
        <fieldset className="row bare">
          <legend className="label">When an id is already in the project</legend>
          <label className="row gap-xs">
            <input
              type="radio"
              name="conflict"
              checked={onConflict === "skip"}
              onChange={() => setOnConflict("skip")}
            />{" "}
            keep the existing item
          </label>
          <label className="row gap-xs">
            <input
              type="radio"
              name="conflict"
              checked={onConflict === "update"}
              onChange={() => setOnConflict("update")}
            />{" "}
            update it from the file
          </label>
        </fieldset>
      </div>

      {busy === "preview" && (
        <div className="card">
          <span className="spinner" aria-hidden /> Reading the first rows…
        </div>
      )}
      {preview && (
        <div className="card stack" aria-live="polite">
          <h2 className="mt-0">Preview</h2>
          <p className="small">
            Parsed {plural(preview.rows, "row")} from the start of the file
            {file && file.size > PREVIEW_BYTES ? " (the import reads all of it)" : ""}. Rows with: choices{" "}
            {preview.fields.choices}, answer {preview.fields.answer}, source {preview.fields.source}, subject{" "}
            {preview.fields.subject}, gold {preview.fields.gold}, metadata {preview.fields.metadata}.
          </p>
          {preview.rows === 0 && preview.errors.length === 0 && (
            <p className="form-error" role="alert">
              The file holds no rows: check that you chose the right file and format.
            </p>
          )}
          {preview.errors.length > 0 && (
            <div className="form-error">
              <strong>{plural(preview.errors.length, "problem row")} in the preview:</strong>
              <ul>
                {preview.errors.slice(0, 10).map((e) => (
                  <li key={e.line}>{e.error}</li>
                ))}
              </ul>
            </div>
          )}
          {preview.items.length > 0 && (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Id</th>
                    <th>Question</th>
                    <th>Choices</th>
                    <th>Answer</th>
                    <th>Source / subject</th>
                    <th>Metadata</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.items.map((it) => (
                    <tr key={it.externalId}>
                      <td>{it.externalId}</td>
                      <td className="truncate" title={it.question}>
                        {it.question}
                      </td>
                      <td>{it.choices.length || "free"}</td>
                      <td className="truncate max-140">
                        {it.answerIndex != null ? String.fromCharCode(65 + it.answerIndex) : (it.answerText ?? "—")}
                      </td>
                      <td>{[it.source, it.subject].filter(Boolean).join(" / ") || "—"}</td>
                      <td className="small truncate max-200">{Object.keys(it.metadata).join(", ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      )}

      <FormError message={error} />
      {result && result.errors.length > 0 && (
        <div className="card stack">
          <strong>
            Nothing was imported. Fix these rows and upload again{result.errors.length >= 50 ? " (first 50 shown)" : ""}
            :
          </strong>
          <ul className="small">
            {result.errors.map((e, i) => (
              <li key={i}>{e.error}</li>
            ))}
          </ul>
        </div>
      )}
      {result && result.errors.length === 0 && (
        <div className="notice" role="status">
          Imported: {count(result.created)} new, {count(result.updated)} updated, {count(result.skipped)} already
          present. <Link href={`/projects/${slug}/items`}>See the items</Link>
        </div>
      )}
      <div className="row">
        <button className="btn primary" onClick={runImport} disabled={!file || busy !== null}>
          {busy === "import" && <span className="spinner" aria-hidden />} Import {file ? file.name : ""}
        </button>
      </div>
    </div>
  );
}
