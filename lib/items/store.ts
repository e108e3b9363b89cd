import "server-only";
import { randomBytes } from "node:crypto";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { from as copyFrom } from "pg-copy-streams";
import { rawPool, type Db } from "@/lib/db";
import { allOrNothing, EMPTY_FILE, MAX_REPORTED_ERRORS, RejectedImport, stageInBatches } from "./staged-import";
import type { ItemEvent, ParsedItem, RowError } from "./types";
import { dictionary } from "@/lib/dictionary";

export type ImportResult = { created: number; updated: number; skipped: number; errors: RowError[] };
export type OnConflict = "skip" | "update";

const BATCH = 2000;

const STAGE = `CREATE TEMP TABLE import_item (
  line int, external_id text, source text, subject text, question text, choices jsonb, answer_index int,
  answer_text text, is_gold boolean, metadata jsonb, question_words int, answer_chars int) ON COMMIT DROP`;

const STAGE_INSERT = `INSERT INTO import_item SELECT * FROM unnest(
  $1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::int[], $8::text[], $9::boolean[],
  $10::jsonb[], $11::int[], $12::int[])`;

const DUPLICATES = `SELECT external_id, array_agg(line ORDER BY line) AS lines FROM import_item GROUP BY external_id
  HAVING count(*) > 1 ORDER BY min(line) LIMIT ${MAX_REPORTED_ERRORS}`;

const MERGE = (conflict: OnConflict) => `WITH merged AS (
  INSERT INTO "Item" (id, "projectId", "externalId", source, subject, question, choices, "answerIndex", "answerText",
                      "isGold", metadata, "questionWords", "answerChars")
  SELECT $2 || lpad(line::text, 10, '0'), $1, external_id, source, subject, question,
         ARRAY(SELECT jsonb_array_elements_text(choices)), answer_index, answer_text, is_gold, metadata,
         question_words, answer_chars
  FROM import_item
  ON CONFLICT ("projectId", "externalId") ${
    conflict === "skip"
      ? "DO NOTHING"
      : `DO UPDATE SET source = EXCLUDED.source, subject = EXCLUDED.subject, question = EXCLUDED.question,
         choices = EXCLUDED.choices, "answerIndex" = EXCLUDED."answerIndex", "answerText" = EXCLUDED."answerText",
         "isGold" = EXCLUDED."isGold", metadata = EXCLUDED.metadata, "questionWords" = EXCLUDED."questionWords",
         "answerChars" = EXCLUDED."answerChars"`
  }
  RETURNING (xmax = 0) AS inserted)
SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM merged`;

type Row = { line: number; item: ParsedItem };

/** What one import needs from its connection: the transaction, batched staging, and plain queries. */
interface ImportConnection {
  stage(events: AsyncIterable<ItemEvent>): Promise<number>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

async function runImport(
  conn: ImportConnection,
  projectId: string,
  events: AsyncIterable<ItemEvent>,
  onConflict: OnConflict,
): Promise<ImportResult> {
  await conn.query(STAGE);
  const total = await conn.stage(events);
  const duplicates = await conn.query<{ external_id: string; lines: number[] }>(DUPLICATES);
  if (duplicates.length > 0) {
    throw new RejectedImport(
      duplicates.map((d) => ({
        line: d.lines[1],
        error: `line ${d.lines[1]}: id "${d.external_id}" appears again (first on line ${d.lines[0]})`,
      })),
    );
  }
  const [{ created, updated }] = await conn.query<{ created: number; updated: number }>(MERGE(onConflict), [
    projectId,
    importIdPrefix(),
  ]);
  await conn.query(`UPDATE "Project" SET "updatedAt" = now() WHERE id = $1`, [projectId]);
  return { created, updated, skipped: total - created - updated, errors: [] };
}

/**
 * Imports parsed questions into a project, all or nothing. Rows are staged in a temporary table as they are parsed
 * (memory stays bounded whatever the file size); ids repeated within the file are found in SQL; then one
 * INSERT ... ON CONFLICT merges them. Any invalid row rolls everything back and the first 50 row errors are returned.
 * On a PostgreSQL server rows are staged with COPY on a plain connection; the embedded database stages batches of
 * INSERT ... unnest through Prisma. Both run the same SQL around it.
 */
export async function importItems(
  prisma: Db,
  projectId: string,
  events: AsyncIterable<ItemEvent>,
  onConflict: OnConflict,
): Promise<ImportResult> {
  const result = await importAll(prisma, projectId, events, onConflict);
  // A file with no rows (empty, only a header, only blank lines) is a mistake, not a successful import of nothing.
  if (result.errors.length === 0 && result.created + result.updated + result.skipped === 0)
    return { ...result, errors: [{ line: 0, error: EMPTY_FILE }] };
  return result;
}

async function importAll(
  prisma: Db,
  projectId: string,
  events: AsyncIterable<ItemEvent>,
  onConflict: OnConflict,
): Promise<ImportResult> {
  const rejected = (errors: RowError[]) => ({ created: 0, updated: 0, skipped: 0, errors });
  const pool = rawPool();
  if (pool) {
    try {
      return await importWithCopy(pool, projectId, events, onConflict);
    } catch (e) {
      if (e instanceof RejectedImport) return rejected(e.errors);
      throw e;
    }
  }
  return allOrNothing(
    prisma,
    (tx) =>
      runImport(
        {
          query: (sql, params = []) => tx.$queryRawUnsafe(sql, ...params),
          stage: (rows) =>
            stageInBatches(rows, BATCH, (batch) => tx.$executeRawUnsafe(STAGE_INSERT, ...columns(batch))),
        },
        projectId,
        events,
        onConflict,
      ),
    rejected,
  );
}

async function importWithCopy(
  pool: NonNullable<ReturnType<typeof rawPool>>,
  projectId: string,
  events: AsyncIterable<ItemEvent>,
  onConflict: OnConflict,
) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // Imports into one project take turns, so the emptiness check below stays true until commit.
    await client.query(`SELECT 1 FROM "Project" WHERE id = $1 FOR UPDATE`, [projectId]);
    const { rows: existing } = await client.query(
      `SELECT EXISTS (SELECT 1 FROM "Item" WHERE "projectId" = $1) AS any`,
      [projectId],
    );
    const result = !existing[0].any
      ? await copyIntoEmptyProject(client, projectId, events)
      : await runImport(
          {
            query: async (sql, params) => (await client.query(sql, params)).rows,
            async stage(events) {
              const state = newCopyState(false);
              await pipeline(
                Readable.from(copyLines(events, state)),
                client.query(copyFrom("COPY import_item FROM STDIN")),
              );
              if (state.errors.length > 0) throw new RejectedImport(state.errors);
              return state.total;
            },
          },
          projectId,
          events,
          onConflict,
        );
    await client.query("COMMIT");
    return result;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

const UNIQUE_VIOLATION = "23505";

/**
 * The first import into a project cannot conflict with existing items, so rows are copied straight into "Item"
 * with no staging table. An id repeated within the file then fails the COPY on the unique index; the row number
 * in the error's context leads back to the file line.
 */
async function copyIntoEmptyProject(
  client: import("pg").PoolClient,
  projectId: string,
  events: AsyncIterable<ItemEvent>,
): Promise<ImportResult> {
  const state = newCopyState(true);
  try {
    await pipeline(
      Readable.from(copyLines(events, state, projectId)),
      client.query(
        copyFrom(
          `COPY "Item" (id, "projectId", "externalId", source, subject, question, choices, "answerIndex", "answerText", "isGold", metadata, "questionWords", "answerChars") FROM STDIN`,
        ),
      ),
    );
  } catch (e) {
    const err = e as { code?: string; detail?: string; where?: string };
    if (err.code !== UNIQUE_VIOLATION) throw e;
    const copyRow = Number(/line (\d+)/.exec(err.where ?? "")?.[1] ?? 0);
    const id = /\(([^)]*)\)=\([^,]*, (.*)\) already exists/.exec(err.detail ?? "")?.[2] ?? "?";
    const line = copyRow > 0 ? state.lines![copyRow - 1] : 0;
    throw new RejectedImport([{ line, error: `line ${line}: id "${id}" appears again in the file` }]);
  }
  if (state.errors.length > 0) throw new RejectedImport(state.errors);
  await client.query(`UPDATE "Project" SET "updatedAt" = now() WHERE id = $1`, [projectId]);
  return { created: state.total, updated: 0, skipped: 0, errors: [] };
}

function columns(batch: Row[]): unknown[] {
  return [
    batch.map((b) => b.line),
    batch.map((b) => b.item.externalId),
    batch.map((b) => b.item.source),
    batch.map((b) => b.item.subject),
    batch.map((b) => b.item.question),
    batch.map((b) => JSON.stringify(b.item.choices)),
    batch.map((b) => b.item.answerIndex),
    batch.map((b) => b.item.answerText),
    batch.map((b) => b.item.isGold),
    batch.map((b) => JSON.stringify(b.item.metadata)),
    batch.map((b) => b.item.questionWords),
    batch.map((b) => b.item.answerChars),
  ];
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES = dictionary<string>({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" });

/** COPY text format: \N for null, backslash escapes for the four special characters (tested first: most text has none). */
function copyField(v: string | number | boolean | null): string {
  if (v === null) return "\\N";
  if (typeof v !== "string") return String(v);
  return COPY_SPECIAL.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : v;
}

/**
 * Ids for one import's new items: a time-and-random prefix, then a zero-padded counter. Rows arrive in id order, so
 * the primary-key index grows at its right edge instead of splitting pages at random (a third of the COPY time).
 */
function importIds(): () => string {
  const prefix = importIdPrefix();
  let n = 0;
  return () => prefix + (n++).toString(36).padStart(8, "0");
}

/** Time and randomness: unique per import; the staged merge appends each row's zero-padded line number to it. */
const importIdPrefix = () => Date.now().toString(36) + randomBytes(5).toString("hex");

/** A text[] literal: every element double-quoted, with quotes and backslashes escaped. */
function arrayLiteral(values: string[]): string {
  let literal = "{";
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    literal += `${c > 0 ? "," : ""}"${ARRAY_SPECIAL.test(v) ? v.replace(/["\\]/g, (ch) => `\\${ch}`) : v}"`;
  }
  return `${literal}}`;
}

const ARRAY_SPECIAL = /["\\]/;

type CopyState = { errors: RowError[]; total: number; lines: Int32Array | null };

/** `lines` maps COPY row numbers back to file lines, for errors that PostgreSQL reports by COPY row. */
const newCopyState = (trackLines: boolean): CopyState => ({
  errors: [],
  total: 0,
  lines: trackLines ? new Int32Array(1024) : null,
});

/**
 * The parser's events as COPY text lines, in one pass (each layer of async generators costs a promise per row):
 * for the staging table (line, id, ..., choices as JSON) or, given a project, for "Item" itself (new id, project,
 * id, ..., choices as a text[] literal). Valid rows are copied until the first row error; after it, events are only
 * read to collect up to 50 row errors into `state`.
 */
async function* copyLines(
  events: AsyncIterable<ItemEvent>,
  state: CopyState,
  projectId?: string,
): AsyncGenerator<string> {
  let chunk = "";
  const ids = projectId ? importIds() : null;
  for await (const event of events) {
    if ("error" in event) {
      state.errors.push({ line: event.line, error: event.error });
      if (state.errors.length >= MAX_REPORTED_ERRORS) break;
      continue;
    }
    if (state.errors.length > 0) {
      state.total++;
      continue;
    }
    const { line, item } = event;
    if (state.lines) {
      if (state.total === state.lines.length) {
        const grown = new Int32Array(state.lines.length * 2);
        grown.set(state.lines);
        state.lines = grown;
      }
      state.lines[state.total] = line;
    }
    const lead = ids
      ? `${ids()}\t${projectId}\t${copyField(item.externalId)}`
      : `${line}\t${copyField(item.externalId)}`;
    const choices = projectId ? arrayLiteral(item.choices) : JSON.stringify(item.choices);
    // One template per row: an array of fields mapped and joined costs several allocations per field.
    chunk += `${lead}\t${copyField(item.source)}\t${copyField(item.subject)}\t${copyField(item.question)}\t${copyField(choices)}\t${copyField(
      item.answerIndex,
    )}\t${copyField(item.answerText)}\t${item.isGold}\t${copyField(JSON.stringify(item.metadata))}\t${
      item.questionWords
    }\t${copyField(item.answerChars)}\n`;
    if (++state.total % 500 === 0) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}
