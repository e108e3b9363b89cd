import type { Db } from "@/lib/db";
import type { ItemEvent, ParsedItem, RowError } from "./types";

export type ImportResult = { created: number; updated: number; skipped: number; errors: RowError[] };
export type OnConflict = "skip" | "update";

export const MAX_REPORTED_ERRORS = 50;
const BATCH = 2000;
// Long enough for a million-row file; the transaction is what makes a rejected import write nothing.
const IMPORT_TIMEOUT_MS = 30 * 60_000;

/** Thrown inside the transaction to roll it back when any row is invalid. */
class RejectedImport extends Error {
  constructor(public errors: RowError[]) {
    super("import rejected");
  }
}

const STAGE = `CREATE TEMP TABLE import_item (
  line int, external_id text, source text, subject text, question text, choices jsonb, answer_index int,
  answer_text text, is_gold boolean, metadata jsonb, question_words int, answer_chars int) ON COMMIT DROP`;

const STAGE_INSERT = `INSERT INTO import_item SELECT * FROM unnest(
  $1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::int[], $8::text[], $9::boolean[],
  $10::jsonb[], $11::int[], $12::int[])`;

function columns(batch: { line: number; item: ParsedItem }[]): unknown[] {
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

const MERGE = (conflict: OnConflict) => `WITH merged AS (
  INSERT INTO "Item" (id, "projectId", "externalId", source, subject, question, choices, "answerIndex", "answerText",
                      "isGold", metadata, "questionWords", "answerChars")
  SELECT gen_random_uuid()::text, $1, external_id, source, subject, question,
         ARRAY(SELECT jsonb_array_elements_text(choices)), answer_index, answer_text, is_gold, metadata,
         question_words, answer_chars
  FROM import_item ORDER BY line
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

/**
 * Imports parsed questions into a project, all or nothing. Rows are staged in a temporary table in batches (memory
 * stays bounded whatever the file size); ids repeated within the file are found in SQL; then one INSERT ... ON
 * CONFLICT merges them. Any invalid row rolls everything back and the first 50 row errors are returned.
 */
export async function importItems(prisma: Db, projectId: string, events: AsyncIterable<ItemEvent>, onConflict: OnConflict): Promise<ImportResult> {
  try {
    return await prisma.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(STAGE);
        const errors: RowError[] = [];
        let batch: { line: number; item: ParsedItem }[] = [];
        let total = 0;
        for await (const event of events) {
          if ("error" in event) {
            errors.push({ line: event.line, error: event.error });
            if (errors.length >= MAX_REPORTED_ERRORS) break;
            continue;
          }
          total++;
          if (errors.length > 0) continue;
          batch.push(event);
          if (batch.length >= BATCH) {
            await tx.$executeRawUnsafe(STAGE_INSERT, ...columns(batch));
            batch = [];
          }
        }
        if (errors.length > 0) throw new RejectedImport(errors);
        if (batch.length > 0) await tx.$executeRawUnsafe(STAGE_INSERT, ...columns(batch));
        const duplicates = await tx.$queryRawUnsafe<{ external_id: string; lines: number[] }[]>(
          `SELECT external_id, array_agg(line ORDER BY line) AS lines FROM import_item GROUP BY external_id
           HAVING count(*) > 1 ORDER BY min(line) LIMIT ${MAX_REPORTED_ERRORS}`,
        );
        if (duplicates.length > 0) {
          throw new RejectedImport(
            duplicates.map((d) => ({ line: d.lines[1], error: `line ${d.lines[1]}: id "${d.external_id}" appears again (first on line ${d.lines[0]})` })),
          );
        }
        const [{ created, updated }] = await tx.$queryRawUnsafe<{ created: number; updated: number }[]>(MERGE(onConflict), projectId);
        await tx.$executeRaw`UPDATE "Project" SET "updatedAt" = now() WHERE id = ${projectId}`;
        return { created, updated, skipped: total - created - updated, errors: [] };
      },
      { timeout: IMPORT_TIMEOUT_MS, maxWait: 30_000 },
    );
  } catch (e) {
    if (e instanceof RejectedImport) return { created: 0, updated: 0, skipped: 0, errors: e.errors };
    throw e;
  }
}

/** Wraps an upload stream so a body over `maxBytes` stops the import with a clear error. */
export async function* limitBytes(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let seen = 0;
  for await (const chunk of body) {
    seen += chunk.byteLength;
    if (seen > maxBytes) throw new UploadTooLarge(maxBytes);
    yield chunk;
  }
}

export class UploadTooLarge extends Error {
  constructor(public maxBytes: number) {
    super(`The file is larger than ${Math.round(maxBytes / 1_000_000)} MB`);
  }
}
