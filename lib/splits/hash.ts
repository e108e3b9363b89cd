import { createHash } from "node:crypto";

/** A split row as the content hash sees it: the item's external id, partition and label. */
export type CanonicalRow = {
  id: string;
  partition: string;
  label: number | null;
  labelText: string | null;
  softLabel: number[] | null;
};

/** JSON with object keys sorted and no whitespace, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) return "null";
    return JSON.stringify(value) ?? "null";
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/**
 * sha256 (hex) of the canonical JSON array of the rows sorted by external id. An empty soft label counts as null,
 * as the database stores both as an empty array.
 */
export function splitHash(rows: Iterable<CanonicalRow>): string {
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash("sha256");
  hash.update("[");
  sorted.forEach((row, n) => {
    const softLabel = row.softLabel && row.softLabel.length > 0 ? row.softLabel : null;
    hash.update((n > 0 ? "," : "") + canonicalJson({ ...row, softLabel }));
  });
  hash.update("]");
  return hash.digest("hex");
}
