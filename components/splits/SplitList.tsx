"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "@/components/ui/ConfirmButton";
import { DataTable, type Column } from "@/components/ui/DataTable";
import { FormError } from "@/components/ui/Field";
import { LocalTime } from "@/components/ui/LocalTime";
import { apiFetch, ApiError } from "@/lib/api/client";
import { count, plural, tick } from "@/lib/format";
import { exportFormats } from "@/lib/splits/schemas";

export type SplitSummary = {
  id: string;
  name: string;
  version: number;
  hash: string;
  seed: number;
  counts: Record<string, number>;
  createdAt: string;
  kind: string;
  /** The recipe in words (lib/splits/describe). */
  recipe: string[];
};
type Label = { label: number | null; labelText: string | null; softLabel: number[] | null };
type Diff = {
  against: { name: string; version: number };
  totals: { added: number; removed: number; moved: number; relabelled: number };
  added: ({ id: string; partition: string } & Label)[];
  removed: ({ id: string; partition: string } & Label)[];
  moved: { id: string; from: string; to: string }[];
  relabelled: { id: string; partition: string; from: Label; to: Label }[];
};

const FORMAT_LABELS: Record<(typeof exportFormats)[number], string> = {
  jsonl: "JSONL",
  csv: "CSV",
  parquet: "Parquet",
  hf: "HF datasets (.tar)",
};
const showLabel = (l: Label) =>
  l.softLabel
    ? `[${l.softLabel.map((p) => tick(p)).join(", ")}]`
    : (l.labelText ?? (l.label === null ? "–" : String(l.label)));

/** Saved splits grouped by name, newest version first, with their recipe, exports, deletion and a diff between two versions. */
export function SplitList({ splits }: { splits: SplitSummary[] }) {
  const router = useRouter();
  const [diff, setDiff] = useState<Diff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState<string | null>(null);
  if (splits.length === 0)
    return <p className="empty card">No saved splits yet. Build a recipe above, preview it, and save it.</p>;
  const names = [...new Set(splits.map((s) => s.name))];

  const compare = async (id: string, against: string) => {
    setError(null);
    setLoading(id);
    try {
      setDiff(await apiFetch<Diff>(`/api/v1/splits/${id}/diff?against=${encodeURIComponent(against)}`));
    } catch (e) {
      setError(e instanceof ApiError ? e.message : "Network error: check your connection and try again");
    } finally {
      setLoading(null);
    }
  };

  const remove = async (s: SplitSummary) => {
    await apiFetch(`/api/v1/splits/${s.id}`, { method: "DELETE" });
    setDiff(null);
    router.refresh();
  };

  const columns = (versions: SplitSummary[]): Column<SplitSummary>[] => [
    { key: "version", header: "Version", cell: (s) => `v${s.version}` },
    { key: "train", header: "Train", numeric: true, cell: (s) => count(s.counts.train ?? 0) },
    { key: "validation", header: "Validation", numeric: true, cell: (s) => count(s.counts.validation ?? 0) },
    { key: "test", header: "Test", numeric: true, cell: (s) => count(s.counts.test ?? 0) },
    { key: "recipe", header: "Recipe", className: "small recipe", cell: (s) => s.recipe.join(" · ") },
    { key: "hash", header: "Hash", cell: (s) => <code title={s.hash}>{s.hash.slice(0, 12)}</code> },
    {
      key: "created",
      header: "Created",
      className: "small",
      cell: (s) => <LocalTime value={s.createdAt} style="dateTime" />,
    },
    {
      key: "export",
      header: "Export",
      cell: (s) => (
        <div className="row tight-row">
          {exportFormats.map((f) => (
            <a key={f} className="btn small" href={`/api/v1/splits/${s.id}/export?format=${f}`} download>
              {FORMAT_LABELS[f]}
            </a>
          ))}
        </div>
      ),
    },
    {
      key: "changes",
      header: "Changes",
      cell: (s) => {
        const previous = versions[versions.indexOf(s) + 1];
        return previous ? (
          <button
            type="button"
            className="btn small"
            onClick={() => compare(s.id, previous.id)}
            disabled={loading === s.id}
          >
            {loading === s.id && <span className="spinner" aria-hidden />} vs v{previous.version}
          </button>
        ) : (
          <span className="muted small">first</span>
        );
      },
    },
    {
      key: "delete",
      header: <span className="sr-only">Delete</span>,
      cell: (s) => (
        <ConfirmButton
          className="btn small danger"
          label="Delete"
          ariaLabel={`Delete ${s.name} v${s.version}`}
          title={`Delete ${s.name} v${s.version}?`}
          body={
            <p>
              Its {plural(s.counts.train + s.counts.validation + s.counts.test, "row")} go; links and exports of this
              version will answer &ldquo;gone&rdquo;, and v{s.version} is not reused. Other versions stay. The deletion
              is recorded in the audit log.
            </p>
          }
          onConfirm={() => remove(s)}
        />
      ),
    },
  ];

  return (
    <div className="stack">
      <FormError message={error} />
      {names.map((name) => {
        const versions = splits.filter((s) => s.name === name);
        return (
          <section key={name} className="card" aria-label={`Split ${name}`}>
            <h3 className="card-title">
              {name} <span className="badge">{versions[0].kind}</span>
            </h3>
            <DataTable label={`Versions of ${name}`} columns={columns(versions)} rows={versions} rowKey={(s) => s.id} />
          </section>
        );
      })}
      {diff && (
        <section className="card stack" aria-label="Changes between versions">
          <div className="row">
            <h3 className="flush">
              Changes since {diff.against.name} v{diff.against.version}
            </h3>
            <button type="button" className="btn small ghost" onClick={() => setDiff(null)}>
              Close
            </button>
          </div>
          <p className="small">
            {diff.totals.moved} moved partition, {diff.totals.relabelled} relabelled, {diff.totals.added} added,{" "}
            {diff.totals.removed} removed.
          </p>
          {diff.moved.length + diff.relabelled.length + diff.added.length + diff.removed.length === 0 ? (
            <p className="empty">The two versions hold the same rows.</p>
          ) : (
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th>Item</th>
                    <th>Change</th>
                    <th>Before</th>
                    <th>After</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.moved.map((m) => (
                    <tr key={`m${m.id}`}>
                      <td>{m.id}</td>
                      <td>moved</td>
                      <td>{m.from}</td>
                      <td>{m.to}</td>
                    </tr>
                  ))}
                  {diff.relabelled.map((r) => (
                    <tr key={`r${r.id}`}>
                      <td>{r.id}</td>
                      <td>relabelled ({r.partition})</td>
                      <td>{showLabel(r.from)}</td>
                      <td>{showLabel(r.to)}</td>
                    </tr>
                  ))}
                  {diff.added.map((a) => (
                    <tr key={`a${a.id}`}>
                      <td>{a.id}</td>
                      <td>added</td>
                      <td>–</td>
                      <td>
                        {a.partition}: {showLabel(a)}
                      </td>
                    </tr>
                  ))}
                  {diff.removed.map((a) => (
                    <tr key={`d${a.id}`}>
                      <td>{a.id}</td>
                      <td>removed</td>
                      <td>
                        {a.partition}: {showLabel(a)}
                      </td>
                      <td>–</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
