import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import type { ModelScoreRow, RowError, RowEvent } from "@/lib/items";
import { allOrNothing, MAX_REPORTED_ERRORS, RejectedImport, stageInBatches } from "@/lib/items/staged-import";

export const modelScoreQuerySchema = z.object({ format: z.enum(["jsonl", "csv"]).default("jsonl") });

export type ModelScoreImport = { created: number; updated: number; models: string[]; errors: RowError[] };

const BATCH = 5000;

/**
 * Imports model scores all or nothing: rows are staged in a temporary table; an unknown item id or an (item, model)
 * pair repeated in the file is a row error (first 50 reported, nothing written); otherwise scores are upserted on
 * (itemId, model) and the project is touched so cached hardness tables are recomputed.
 */
export async function importModelScores(
  prisma: Db,
  projectId: string,
  rows: AsyncIterable<RowEvent<ModelScoreRow>>,
): Promise<ModelScoreImport> {
  return allOrNothing<ModelScoreImport>(
    prisma,
    async (tx) => {
      await tx.$executeRawUnsafe(
        `CREATE TEMP TABLE import_score (line int, external_id text, model text, score float8) ON COMMIT DROP`,
      );
      await stageInBatches(rows, BATCH, (batch) =>
        tx.$executeRawUnsafe(
          `INSERT INTO import_score SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[])`,
          batch.map((b) => b.line),
          batch.map((b) => b.row.item),
          batch.map((b) => b.row.model),
          batch.map((b) => b.row.score),
        ),
      );
      const problems = await tx.$queryRawUnsafe<RowError[]>(
        `SELECT line, error FROM (
             SELECT s.line, format('line %s: unknown item id "%s"', s.line, s.external_id) AS error FROM import_score s
             WHERE NOT EXISTS (SELECT 1 FROM "Item" i WHERE i."projectId" = $1 AND i."externalId" = s.external_id)
             UNION ALL
             SELECT line, format('line %s: item "%s" and model "%s" appear again (first on line %s)', line, external_id, model, first)
             FROM (SELECT line, external_id, model, min(line) OVER (PARTITION BY external_id, model) AS first FROM import_score) d
             WHERE line > first) e
           ORDER BY line LIMIT ${MAX_REPORTED_ERRORS}`,
        projectId,
      );
      if (problems.length > 0) throw new RejectedImport(problems);
      const [result] = await tx.$queryRawUnsafe<{ created: number; updated: number; models: string[] | null }[]>(
        `WITH merged AS (
             INSERT INTO "ModelScore" (id, "itemId", model, score)
             SELECT gen_random_uuid()::text, i.id, s.model, s.score FROM import_score s
             JOIN "Item" i ON i."projectId" = $1 AND i."externalId" = s.external_id
             ON CONFLICT ("itemId", model) DO UPDATE SET score = EXCLUDED.score, "createdAt" = now()
             RETURNING (xmax = 0) AS inserted, model)
           SELECT count(*) FILTER (WHERE inserted)::int AS created, count(*) FILTER (WHERE NOT inserted)::int AS updated,
                  array_agg(DISTINCT model) AS models FROM merged`,
        projectId,
      );
      await tx.$executeRaw`UPDATE "Project" SET "updatedAt" = now() WHERE id = ${projectId}`;
      return { created: result.created, updated: result.updated, models: result.models ?? [], errors: [] };
    },
    (errors) => ({ created: 0, updated: 0, models: [], errors }),
  );
}
