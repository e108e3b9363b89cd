/**
 * Raw annotations export, so a project's numbers can be recomputed outside Hardlab: one row per annotation (current
 * ones, or every revision with history), then one per answer to a crowd study's practice or attention-check item
 * (flagged: they never enter a measure), streamed. PostgreSQL renders each row as JSON text (cheaper than row objects
 * in V8). On a server the rows come as two COPY streams (no per-row driver objects); the
 * embedded database reads keyset pages of the annotation id on the (projectId, id) index. Annotators
 * appear under a pseudonym that is stable within the project and differs between projects, never their email.
 */
import "server-only";
import { createHmac } from "node:crypto";
import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { z } from "zod";
import { authSecret } from "@/lib/auth/secret";
import { rawPool, type Db } from "@/lib/db";
import { CSV_LINE_END, csvCell, csvLine } from "@/lib/csv";
import { encodeLines, utf8Views } from "@/lib/splits/export";

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]["schema"][number];

export const annotationExportFormats = ["jsonl", "csv", "parquet"] as const;
export type AnnotationExportFormat = (typeof annotationExportFormats)[number];

/** GET /api/v1/projects/{slug}/annotations/export */
export const annotationExportQuerySchema = z.object({
  format: z.enum(annotationExportFormats).default("jsonl"),
  /** Revisions too (rows with superseded_at set), not only the current annotation of each annotator and item. */
  history: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .default(false),
});
export type AnnotationExportQuery = z.output<typeof annotationExportQuerySchema>;

/** Rows per keyset page. */
export const ANNOTATION_PAGE = 5_000;
/** Rows per Parquet row group: annotation rows are small, so 5,000 still die young in V8 (see the bench's RSS). */
const ROW_GROUP = 5_000;

/**
 * Column name, SQL expression on an annotation (a, its item i, pseudonym p), Parquet type, a description for OpenAPI
 * and the README, and the SQL expression on a crowd study's practice or attention-check response (r, its study item si,
 * pseudonym p). Those responses are labels too, kept out of every measure, so the export flags them.
 */
const COLUMNS = [
  ["annotation_id", `a.id`, "utf8!", "Hardlab's id of the annotation row (a revision has its own)", `r.id`],
  ["item_id", `a."itemId"`, "utf8!", "Hardlab's item id (a study's practice or attention item's own id)", `si.id`],
  [
    "external_id",
    `i."externalId"`,
    "utf8!",
    "The item's id in its source benchmark; a study's practice or attention item: kind and position (practice-0)",
    `lower(si.kind::text) || '-' || si.position`,
  ],
  [
    "annotator",
    `p.pseudo`,
    "utf8!",
    "Pseudonymous annotator id, stable within the project (never the email)",
    `p.pseudo`,
  ],
  [
    "grade_level",
    `a."gradeLevel"`,
    "int",
    "Grade level rating (0 kindergarten .. 12, 13 undergraduate, 14 graduate)",
    `NULL::int`,
  ],
  ["bloom", `a.bloom`, "int", "Bloom's taxonomy level 1-6", `NULL::int`],
  ["steps", `a.steps`, "int", "Reasoning steps", `NULL::int`],
  ["difficulty", `a.difficulty`, "int", "Expert difficulty 1 (low) - 3 (high)", `NULL::int`],
  [
    "soft_label",
    `CASE WHEN cardinality(a."softLabel") > 0 THEN a."softLabel" END`,
    "doubles",
    "Probability over the options as the annotator gave it",
    `CASE WHEN cardinality(r."softLabel") > 0 THEN r."softLabel" END`,
  ],
  [
    "label_counts",
    `CASE WHEN cardinality(a."labelCounts") > 0 THEN a."labelCounts" END`,
    "ints",
    "Votes per option of imported many-rater data (one row stands for that many labels)",
    `NULL::int[]`,
  ],
  [
    "confidence",
    `a.confidence`,
    "double",
    "Free response: the annotator's probability that their answer is right",
    `NULL::float8`,
  ],
  ["answer", `a.answer`, "utf8", "Free response: the annotator's answer", `NULL::text`],
  ["duration_ms", `a."durationMs"`, "int", "Active time on the item, in milliseconds", `r."durationMs"`],
  [
    "created_at",
    `a."createdAt"`,
    "utf8!",
    "When it was saved: ISO 8601 in UTC, without a zone suffix",
    `r."createdAt"`,
  ],
  [
    "superseded_at",
    `a."supersededAt"`,
    "utf8",
    "When a revision replaced it (ISO 8601, UTC); null for the current annotation",
    `NULL::timestamp`,
  ],
  [
    "current",
    `a."supersededAt" IS NULL`,
    "bool",
    "Whether this is the annotator's current annotation of the item",
    `true`,
  ],
  ["gold", `i."isGold"`, "bool", "Whether the item is one of the project's gold (known-answer check) items", `false`],
  ["flagged", `a.flagged`, "bool", "Whether the annotator flagged the item as a problem", `false`],
  [
    "practice",
    `false`,
    "bool",
    "Whether the label answers a crowd study's practice (training) item; never part of any measure",
    `si.kind = 'PRACTICE'`,
  ],
  [
    "attention_check",
    `false`,
    "bool",
    "Whether the label answers a crowd study's attention check; never part of any measure",
    `si.kind = 'ATTENTION'`,
  ],
] as const;

export const ANNOTATION_COLUMNS = COLUMNS.map((c) => c[0]);
export const ANNOTATION_COLUMN_DESCRIPTIONS = COLUMNS.map(([name, , , description]) => ({ name, description }));

/**
 * The project's pseudonym key: an HMAC of the project id under the server secret, so the key is per project,
 * never stored or sent, and the same annotator gets unrelated pseudonyms in two projects. Rotating the server
 * secret (NEXTAUTH_SECRET) changes every pseudonym.
 */
function projectKey(projectId: string): Buffer {
  return createHmac("sha256", authSecret).update(`annotator-pseudonym\u0000${projectId}`).digest();
}

/** The annotator's pseudonym in the project: "a" and 16 hex digits of HMAC-SHA256(project key, user id). */
export function annotatorPseudonym(projectId: string, userId: string, key = projectKey(projectId)): string {
  return `a${createHmac("sha256", key).update(userId).digest("hex").slice(0, 16)}`;
}

/** Pseudonyms of everyone who annotated or joined a study in the project, as the two arrays the queries join on. */
async function pseudonyms(prisma: Db, projectId: string): Promise<[string[], string[]]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT "annotatorId" AS id FROM "Annotation" WHERE "projectId" = ${projectId}
    UNION
    SELECT pt."userId" FROM "Participant" pt JOIN "Study" s ON s.id = pt."studyId" WHERE s."projectId" = ${projectId}`;
  const key = projectKey(projectId);
  return [rows.map((r) => r.id), rows.map((r) => annotatorPseudonym(projectId, r.id, key))];
}

/** Annotations first, then the project's study responses: two queries, each in id order. */
type Source = "annotations" | "responses";
const SOURCES: Source[] = ["annotations", "responses"];
const EXPRESSION = { annotations: 1, responses: 4 } as const;
type Shape = "object" | "array";

// json_build_object renders faster than row_to_json of a subselect; the keys are the fixed column names, in order.
const rowSql = (shape: Shape, source: Source) =>
  shape === "object"
    ? `json_build_object(${COLUMNS.map((c) => `'${c[0]}', ${c[EXPRESSION[source]]}`).join(", ")})::text`
    : `json_build_array(${COLUMNS.map((c) => c[EXPRESSION[source]]).join(", ")})::text`;

/**
 * The rows of a source as `SELECT <row> AS j FROM ...` in id order: `project`, `ids` and `names` are SQL for the
 * project id and the pseudonym arrays; with `page` (keyset pages: SQL for the lower id bound and the page size) the
 * id comes too, as k.
 */
function sourceSql(
  source: Source,
  row: string,
  {
    project,
    ids,
    names,
    history,
    page,
  }: { project: string; ids: string; names: string; history: boolean; page?: [string, string] },
): string {
  if (source === "annotations")
    return `
      SELECT ${page ? "a.id AS k, " : ""}${row} AS j
      FROM (SELECT * FROM "Annotation" WHERE "projectId" = ${project} ${page ? `AND id > ${page[0]}` : ""}
            ${history ? "" : `AND "supersededAt" IS NULL`} ${page ? `ORDER BY id LIMIT ${page[1]}` : ""}) a
      JOIN "Item" i ON i.id = a."itemId"
      JOIN unnest(${ids}, ${names}) AS p(uid, pseudo) ON p.uid = a."annotatorId"
      ORDER BY a.id`;
  return `
    SELECT ${page ? "r.id AS k, " : ""}${row} AS j
    FROM "StudyResponse" r
    JOIN "Participant" pt ON pt.id = r."participantId"
    JOIN "Study" s ON s.id = pt."studyId"
    JOIN "StudyItem" si ON si.id = r."studyItemId"
    JOIN unnest(${ids}, ${names}) AS p(uid, pseudo) ON p.uid = pt."userId"
    WHERE s."projectId" = ${project} ${page ? `AND r.id > ${page[0]}` : ""}
    ORDER BY r.id ${page ? `LIMIT ${page[1]}` : ""}`;
}

type TextRow = { k: string; j: string };
type Read = { prisma: Db; projectId: string; history: boolean; pool: pg.Pool | null; pageSize: number };

/** Pages of JSON row text in id order per source; each page's last id is the next page's lower bound. */
async function* keysetPages({ prisma, projectId, history, pageSize }: Read, shape: Shape): AsyncGenerator<string[]> {
  const [ids, names] = await pseudonyms(prisma, projectId);
  for (const source of SOURCES) {
    const bind = {
      project: "$1",
      ids: "$4::text[]",
      names: "$5::text[]",
      history,
      page: ["$2", "$3"] as [string, string],
    };
    const sql = sourceSql(source, rowSql(shape, source), bind);
    let after = "";
    for (;;) {
      const rows = await prisma.$queryRawUnsafe<TextRow[]>(sql, projectId, after, pageSize, ids, names);
      if (rows.length > 0) yield rows.map((r) => r.j);
      if (rows.length < pageSize) break;
      after = rows[rows.length - 1].k;
    }
  }
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
const arrayLiteral = (values: string[]) => `ARRAY[${values.map(literal).join(",")}]::text[]`;

/**
 * The rows as JSON text lines, one COPY per source. CSV format with a quote and delimiter that JSON text never holds
 * raw (control characters are escaped in JSON) writes each line as it is, where the text format would double
 * backslashes.
 */
async function* copyLines(
  { prisma, projectId, history, pool }: Read & { pool: pg.Pool },
  shape: Shape,
): AsyncGenerator<Buffer> {
  const [ids, names] = await pseudonyms(prisma, projectId);
  const bind = { project: literal(projectId), ids: arrayLiteral(ids), names: arrayLiteral(names), history };
  const client = await pool.connect();
  try {
    for (const source of SOURCES) {
      const sql = sourceSql(source, rowSql(shape, source), bind);
      const stream = client.query(
        copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02')`),
      );
      for await (const chunk of stream) yield chunk as Buffer;
    }
  } finally {
    client.release();
  }
}

/** The rows as JSON text lines, in batches: split from the COPY stream on a server, keyset pages otherwise. */
async function* lineBatches(read: Read, shape: Shape): AsyncGenerator<string[]> {
  const { pool } = read;
  if (!pool) {
    yield* keysetPages(read, shape);
    return;
  }
  let rest = "";
  for await (const chunk of copyLines({ ...read, pool }, shape)) {
    const text = rest + chunk.toString("utf8");
    const end = text.lastIndexOf("\n");
    if (end < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(end + 1);
    yield text.slice(0, end).split("\n");
  }
  if (rest) yield [rest];
}

const encoder = new TextEncoder();

/** A batch of JSON array lines as rows: one JSON.parse per batch costs less than one per row. */
const parseRows = (lines: string[]) => JSON.parse(`[${lines.join(",")}]`) as unknown[][];

async function* jsonlBytes(read: Read): AsyncGenerator<Uint8Array> {
  const { pool } = read;
  // On a server the COPY lines are the JSON Lines file already.
  if (pool) yield* copyLines({ ...read, pool }, "object");
  else for await (const lines of keysetPages(read, "object")) yield encodeLines(lines);
}

async function* csvBytes(read: Read): AsyncGenerator<Uint8Array> {
  yield encoder.encode(csvLine(ANNOTATION_COLUMNS));
  for await (const lines of lineBatches(read, "array"))
    yield encodeLines(
      parseRows(lines).map((row) => row.map(csvCell).join(",")),
      CSV_LINE_END,
    );
}

const LIST_ELEMENT = new Map<string, SchemaElement["type"]>([
  ["doubles", "DOUBLE"],
  ["ints", "INT32"],
]);
const SCALAR = new Map<string, SchemaElement["type"]>([
  ["int", "INT32"],
  ["double", "DOUBLE"],
  ["bool", "BOOLEAN"],
]);

function parquetSchema(): SchemaElement[] {
  return [
    { name: "root", num_children: COLUMNS.length },
    ...COLUMNS.flatMap(([name, , type]): SchemaElement[] => {
      if (type === "utf8" || type === "utf8!")
        return [
          {
            name,
            type: "BYTE_ARRAY",
            converted_type: "UTF8",
            repetition_type: type === "utf8!" ? "REQUIRED" : "OPTIONAL",
          },
        ];
      const element = LIST_ELEMENT.get(type);
      if (element)
        return [
          { name, repetition_type: "OPTIONAL", converted_type: "LIST", num_children: 1 },
          { name: "list", repetition_type: "REPEATED", num_children: 1 },
          { name: "element", type: element, repetition_type: "REQUIRED" },
        ];
      return [{ name, type: SCALAR.get(type), repetition_type: "OPTIONAL" }];
    }),
  ];
}

const STRING_COLUMN = COLUMNS.map(([, , type]) => type === "utf8" || type === "utf8!");

async function* parquetBytes(read: Read): AsyncGenerator<Uint8Array> {
  const writer = new ByteWriter(1 << 20);
  const parquet = new ParquetWriter({ writer, schema: parquetSchema(), createdBy: "hardlab" });
  const take = () => {
    const bytes = writer.getBytes().slice();
    writer.index = 0;
    return bytes;
  };
  yield take();
  const write = async (lines: string[]) => {
    const group = parseRows(lines);
    await parquet.write({
      rowGroupSize: group.length,
      columnData: COLUMNS.map(([name], k) => {
        const values = group.map((row) => row[k]);
        return {
          name,
          data: (STRING_COLUMN[k] ? utf8Views(values as (string | null)[]) : values) as never,
          encoding: "PLAIN" as const,
          statistics: false,
        };
      }),
    });
  };
  // Row groups of ROW_GROUP rows whatever the batches' sizes.
  let pending: string[] = [];
  for await (const lines of lineBatches(read, "array")) {
    pending = pending.length > 0 ? pending.concat(lines) : lines;
    while (pending.length >= ROW_GROUP) {
      await write(pending.slice(0, ROW_GROUP));
      pending = pending.slice(ROW_GROUP);
      yield take();
    }
  }
  if (pending.length > 0) {
    await write(pending);
    yield take();
  }
  await parquet.finish();
  yield take();
}

export const annotationExportContentTypes: Record<AnnotationExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  parquet: "application/vnd.apache.parquet",
};

/**
 * The export's bytes, in order. With `pool` (a server's plain connections) one COPY streams the rows; without it
 * (the embedded database, or a test of that path) they come in keyset pages of `pageSize`.
 */
export function exportAnnotations(
  prisma: Db,
  projectId: string,
  query: AnnotationExportQuery,
  { pool = rawPool(), pageSize = ANNOTATION_PAGE }: { pool?: pg.Pool | null; pageSize?: number } = {},
): AsyncGenerator<Uint8Array> {
  const read: Read = { prisma, projectId, history: query.history, pool, pageSize };
  if (query.format === "jsonl") return jsonlBytes(read);
  if (query.format === "csv") return csvBytes(read);
  return parquetBytes(read);
}
