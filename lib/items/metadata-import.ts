/**
 * Item metadata from an annotations file, joined onto a project's existing items by id: the easy-to-hard paper's
 * ARC file as it is ({"ARCCH_Mercury_7103565": {"grade": "Grade 08", "bloom": "Applying", ...}}), or any JSON object
 * keyed by id, or an array of objects with an "id". Known string scales become numbers (the paper's encodings,
 * utils/data_utils.py); strings that fit no scale are counted per field and value, never dropped silently.
 */
import "server-only";
import { z } from "zod";
import { BLOOM_LEVELS, DEPTH_OF_KNOWLEDGE_LEVELS, DIFFICULTY_LEVELS } from "@/lib/annotations/scales";
import type { Db } from "@/lib/db";

export type MetadataValue = string | number | boolean | null;

/** The paper's source prefixes (ARC-Easy, ARC-Challenge): `key[6:]` is the ARC id. */
export const SOURCE_PREFIX = /^(ARCEZ|ARCCH)_/;

/** Canonical field names, so the values land on the measures the split presets read (prior.grade ...). */
const FIELD_ALIASES = new Map<string, string>([
  ["grade", "grade"],
  ["grade_level", "grade"],
  ["gradelevel", "grade"],
  ["difficulty", "difficulty"],
  ["bloom", "bloom"],
  ["depth_of_knowledge", "dok"],
  ["depthofknowledge", "dok"],
  ["dok", "dok"],
]);

const word = (s: string) => s.trim().toLowerCase();

const DIFFICULTY_WORDS = new Map(DIFFICULTY_LEVELS.map((l) => [word(l.label), l.value]));
/** Bloom's levels by their names in both forms: the paper's gerunds ("Applying") and the guide's verbs ("Apply"). */
const BLOOM_WORDS = new Map(
  BLOOM_LEVELS.flatMap((l) => {
    const verb = word(l.label);
    const gerund = verb.endsWith("e") ? `${verb.slice(0, -1)}ing` : `${verb}ing`;
    return [
      [verb, l.value],
      [gerund, l.value],
      [gerund.replace("yz", "ys"), l.value],
    ];
  }),
);
const DOK_WORDS = new Map(DEPTH_OF_KNOWLEDGE_LEVELS.map((l) => [word(l.numeral), l.value]));

/** A string on a field's scale as its number, or undefined when it fits none. */
const SCALES = new Map<string, (text: string) => number | undefined>([
  [
    "grade",
    (text) => {
      const m = /^(?:grade\s*)?0*(\d{1,2})$/i.exec(text.trim());
      return m ? Number(m[1]) : word(text) === "kindergarten" ? 0 : undefined;
    },
  ],
  ["difficulty", (text) => DIFFICULTY_WORDS.get(word(text))],
  ["bloom", (text) => BLOOM_WORDS.get(word(text))],
  ["dok", (text) => DOK_WORDS.get(word(text)) ?? (/^[1-3]$/.test(text.trim()) ? Number(text) : undefined)],
]);

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
export const MAX_METADATA_ROWS = 1_000_000;

export type FieldReport = {
  /** Values stored as numbers (mapped from strings, or numbers and booleans as given). */
  mapped: number;
  /** Stored number -> items, for checking against the source's own counts. */
  values: Record<string, number>;
  /** Strings that fit no scale -> items; those items get no value for this field. */
  unmapped: Record<string, number>;
  /** Empty values (null or ""). */
  missing: number;
};

export type PreparedMetadata = {
  rows: { key: string; patch: Record<string, number | boolean> }[];
  fields: Map<string, { mapped: number; values: Map<number, number>; unmapped: Map<string, number>; missing: number }>;
  errors: { line: number; error: string }[];
  /** Rows left out because a required field did not map. */
  skipped: number;
};

const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);

/**
 * Reads the parsed JSON document into rows of numeric patches, with per-field counts and the row errors. A row whose
 * `required` fields do not all map is skipped whole, as the paper's loader drops rows without a numeric grade; its
 * unmapped strings are still counted.
 */
export function prepareMetadata(doc: unknown, required: readonly string[] = []): PreparedMetadata {
  const out: PreparedMetadata = { rows: [], fields: new Map(), errors: [], skipped: 0 };
  if (!doc || typeof doc !== "object") {
    out.errors.push({ line: 0, error: "Expected a JSON object keyed by item id, or an array of objects with an id" });
    return out;
  }
  const entries: [string, unknown][] = Array.isArray(doc)
    ? doc.map((row, k) => [
        row && typeof row === "object" && typeof (row as { id?: unknown }).id === "string"
          ? (row as { id: string }).id
          : `#${k + 1}`,
        row,
      ])
    : Object.entries(doc);
  if (entries.length > MAX_METADATA_ROWS)
    out.errors.push({ line: 0, error: `At most ${MAX_METADATA_ROWS} rows per import` });
  const fieldOf = (name: string) => {
    let field = out.fields.get(name);
    if (!field) out.fields.set(name, (field = { mapped: 0, values: new Map(), unmapped: new Map(), missing: 0 }));
    return field;
  };
  entries.forEach(([key, value], k) => {
    const line = k + 1;
    if (out.errors.length >= 50) return;
    if (Array.isArray(doc) && key.startsWith("#")) {
      out.errors.push({ line, error: `row ${line}: needs a string "id"` });
      return;
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      out.errors.push({ line, error: `${key}: expected an object of fields` });
      return;
    }
    const patch: Record<string, number | boolean> = Object.create(null);
    for (const [rawName, raw] of Object.entries(value)) {
      if (Array.isArray(doc) && rawName === "id") continue;
      if (!FIELD_NAME.test(rawName)) {
        out.errors.push({ line, error: `${key}: field name ${JSON.stringify(rawName)} is not allowed` });
        continue;
      }
      const name = FIELD_ALIASES.get(rawName.toLowerCase()) ?? rawName;
      const field = fieldOf(name);
      if (raw === null || raw === "") {
        field.missing++;
        continue;
      }
      let number: number | boolean | undefined;
      if (typeof raw === "number" && Number.isFinite(raw)) number = raw;
      else if (typeof raw === "boolean") number = raw;
      else if (typeof raw === "string") number = SCALES.get(name)?.(raw) ?? numeric(raw);
      else {
        out.errors.push({ line, error: `${key}.${rawName}: expected a string, number or boolean` });
        continue;
      }
      if (number === undefined) bump(field.unmapped, raw as string);
      else patch[name] = number;
    }
    if (required.some((name) => !(name in patch))) {
      out.skipped++;
      return;
    }
    for (const [name, number] of Object.entries(patch)) {
      const field = fieldOf(name);
      field.mapped++;
      bump(field.values, Number(number));
    }
    out.rows.push({ key, patch });
  });
  return out;
}

/** A plain decimal number written as text ("4", "2.5"); anything else is not a number here. */
function numeric(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
}

/** Per-field report for the API, with the counts as objects that inherit nothing. */
export function fieldReports(fields: PreparedMetadata["fields"]): Record<string, FieldReport> {
  const record = <K>(m: Map<K, number>) => {
    const o: Record<string, number> = Object.create(null);
    for (const [k, v] of [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) o[String(k)] = v;
    return o;
  };
  const out: Record<string, FieldReport> = Object.create(null);
  for (const [name, f] of fields)
    out[name] = { mapped: f.mapped, values: record(f.values), unmapped: record(f.unmapped), missing: f.missing };
  return out;
}

/**
 * Resolves file keys to item ids: the key itself when an item has it as external id, else the key without a
 * source prefix (ARCEZ_ / ARCCH_). Keys that resolve to the same item twice are errors.
 */
export function resolveKeys(keys: string[], itemIdOf: Map<string, string>) {
  const resolved: (string | null)[] = [];
  const unknown: string[] = [];
  const errors: { line: number; error: string }[] = [];
  const firstKey = new Map<string, string>();
  let prefixed = 0;
  keys.forEach((key, k) => {
    let id = itemIdOf.get(key);
    if (id === undefined && SOURCE_PREFIX.test(key)) {
      id = itemIdOf.get(key.replace(SOURCE_PREFIX, ""));
      if (id !== undefined) prefixed++;
    }
    if (id === undefined) {
      unknown.push(key);
      resolved.push(null);
      return;
    }
    const earlier = firstKey.get(id);
    if (earlier !== undefined && errors.length < 50)
      errors.push({ line: k + 1, error: `${key}: the same item as ${earlier}` });
    firstKey.set(id, key);
    resolved.push(id);
  });
  return { resolved, unknown, errors, prefixed };
}

/** Query of POST /api/v1/projects/{slug}/items/metadata. */
export const metadataImportQuerySchema = z.object({
  /** Keys that match no item: reject the whole file (default), or skip them and report how many. */
  unknownIds: z.enum(["reject", "skip"]).default("reject"),
  dryRun: z.enum(["true", "false"]).default("false"),
  /**
   * Fields every imported row must map (comma-separated); other rows are skipped whole. `require=grade` reproduces the
   * paper's loader, which drops the rows whose grade is not a number.
   */
  require: z
    .string()
    .max(500)
    .default("")
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => FIELD_ALIASES.get(x.toLowerCase()) ?? x),
    ),
});
export type MetadataImportQuery = z.infer<typeof metadataImportQuerySchema>;

export type MetadataImportResult = {
  rows: number;
  /** Rows left out because a required field did not map (require=...). */
  skippedRows: number;
  matched: number;
  /** Keys matched only after dropping an ARCEZ_ / ARCCH_ prefix. */
  matchedWithoutPrefix: number;
  updated: number;
  unknownIds: { count: number; sample: string[] };
  fields: Record<string, FieldReport>;
  errors: { line: number; error: string }[];
  dryRun: boolean;
};

/**
 * Joins the document onto the project's items, all or nothing: any row error, or unknown ids under
 * unknownIds=reject, writes nothing. Each matched item's metadata gets the mapped fields merged in (other keys kept),
 * and the project's update time moves so the hardness table is recomputed.
 */
export async function importMetadata(
  prisma: Db,
  projectId: string,
  doc: unknown,
  query: MetadataImportQuery,
): Promise<MetadataImportResult> {
  const prepared = prepareMetadata(doc, query.require);
  const items = await prisma.$queryRaw<{ id: string; externalId: string }[]>`
    SELECT id, "externalId" FROM "Item" WHERE "projectId" = ${projectId}`;
  const itemIdOf = new Map(items.map((i) => [i.externalId, i.id]));
  const keys = prepared.rows.map((r) => r.key);
  const { resolved, unknown, errors, prefixed } = resolveKeys(keys, itemIdOf);
  const allErrors = [...prepared.errors, ...errors];
  if (query.unknownIds === "reject" && unknown.length > 0)
    allErrors.push({
      line: keys.indexOf(unknown[0]) + 1,
      error: `${unknown.length} ids match no item of the project (first: ${unknown[0]}); import the items first or pass unknownIds=skip`,
    });
  const ids: string[] = [];
  const patches: string[] = [];
  prepared.rows.forEach((row, k) => {
    const id = resolved[k];
    if (id === null || Object.keys(row.patch).length === 0) return;
    ids.push(id);
    patches.push(JSON.stringify(row.patch));
  });
  const result: MetadataImportResult = {
    rows: prepared.rows.length + prepared.skipped,
    skippedRows: prepared.skipped,
    matched: resolved.filter((id) => id !== null).length,
    matchedWithoutPrefix: prefixed,
    updated: 0,
    unknownIds: { count: unknown.length, sample: unknown.slice(0, 20) },
    fields: fieldReports(prepared.fields),
    errors: allErrors.slice(0, 50),
    dryRun: query.dryRun === "true",
  };
  if (allErrors.length > 0 || result.dryRun) return result;
  result.updated = await prisma.$transaction(async (tx) => {
    const count = await tx.$executeRaw`
      UPDATE "Item" i SET metadata = i.metadata || u.patch
      FROM unnest(${ids}::text[], ${patches}::jsonb[]) AS u(id, patch)
      WHERE i.id = u.id AND i."projectId" = ${projectId}`;
    await tx.$executeRaw`UPDATE "Project" SET "updatedAt" = now() WHERE id = ${projectId}`;
    return count;
  });
  return result;
}
