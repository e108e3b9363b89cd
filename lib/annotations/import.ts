import "server-only";
import type { Db } from "@/lib/db";
import type { ExternalAnnotationRow, RowError, RowEvent } from "@/lib/items";
import {
  allOrNothing,
  EMPTY_FILE,
  MAX_REPORTED_ERRORS,
  RejectedImport,
  stageInBatches,
} from "@/lib/items/staged-import";

export type AnnotationImportResult = {
  created: number;
  revised: number;
  annotators: number;
  newAnnotators: number;
  errors: RowError[];
};

const BATCH = 2000;

const STAGE = `CREATE TEMP TABLE import_annotation (
  line int, item text, annotator text, soft_label jsonb, label_counts jsonb, grade_level int, bloom int, steps int,
  difficulty int, answer text, confidence float8) ON COMMIT DROP`;

const STAGE_INSERT = `INSERT INTO import_annotation SELECT * FROM unnest(
  $1::int[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::int[], $7::int[], $8::int[], $9::int[], $10::text[], $11::float8[])`;

type Staged = { line: number; row: ExternalAnnotationRow };

function columns(batch: Staged[]): unknown[] {
  const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  return [
    batch.map((b) => b.line),
    batch.map((b) => b.row.item),
    batch.map((b) => b.row.annotator),
    batch.map((b) => json(b.row.softLabel)),
    batch.map((b) => json(b.row.labelCounts)),
    batch.map((b) => b.row.gradeLevel ?? null),
    batch.map((b) => b.row.bloom ?? null),
    batch.map((b) => b.row.steps ?? null),
    batch.map((b) => b.row.difficulty ?? null),
    batch.map((b) => b.row.answer ?? null),
    batch.map((b) => b.row.confidence ?? null),
  ];
}

/** Row errors only the database can find: unknown items, labels that do not fit the item, pairs given twice. */
const CHECK = `
  WITH staged AS (
    SELECT s.*, i.id AS item_id, cardinality(i.choices) AS choice_count,
           row_number() OVER (PARTITION BY s.item, s.annotator ORDER BY s.line) AS nth,
           first_value(s.line) OVER (PARTITION BY s.item, s.annotator ORDER BY s.line) AS first_line
    FROM import_annotation s LEFT JOIN "Item" i ON i."projectId" = $1 AND i."externalId" = s.item
  )
  SELECT line, 'line ' || line || ': ' || CASE
      WHEN item_id IS NULL THEN 'item "' || item || '" is not in this project'
      WHEN nth > 1 THEN 'annotator "' || annotator || '" labels item "' || item || '" again (first on line ' || first_line || ')'
      WHEN choice_count = 0 AND (soft_label IS NOT NULL OR label_counts IS NOT NULL)
        THEN 'item "' || item || '" is free-response: give "answer" (and "confidence"), not a soft label or label counts'
      WHEN choice_count > 0 AND answer IS NOT NULL THEN 'item "' || item || '" has choices: give "softLabel" or "labelCounts", not "answer"'
      WHEN soft_label IS NOT NULL AND jsonb_array_length(soft_label) <> choice_count
        THEN '"softLabel" has ' || jsonb_array_length(soft_label) || ' probabilities but item "' || item || '" has ' || choice_count || ' choices'
      WHEN label_counts IS NOT NULL AND jsonb_array_length(label_counts) <> choice_count
        THEN '"labelCounts" has ' || jsonb_array_length(label_counts) || ' counts but item "' || item || '" has ' || choice_count || ' choices'
    END AS error
  FROM staged
  WHERE item_id IS NULL OR nth > 1
     OR (choice_count = 0 AND (soft_label IS NOT NULL OR label_counts IS NOT NULL))
     OR (choice_count > 0 AND answer IS NOT NULL)
     OR (soft_label IS NOT NULL AND jsonb_array_length(soft_label) <> choice_count)
     OR (label_counts IS NOT NULL AND jsonb_array_length(label_counts) <> choice_count)
  ORDER BY line LIMIT ${MAX_REPORTED_ERRORS}`;

/**
 * External annotators are users that cannot sign in, one per (project, name): the id is derived from both, so a
 * later import finds the same user by name without a lookup table.
 */
const EXTERNAL_ID = `'ext_' || md5($1 || chr(10) || s.annotator)`;

const CREATE_ANNOTATORS = `
  INSERT INTO "User" (id, name, external)
  SELECT DISTINCT ${EXTERNAL_ID}, s.annotator, true FROM import_annotation s
  ON CONFLICT (id) DO NOTHING`;

const ADD_MEMBERS = `
  INSERT INTO "Membership" (id, "projectId", "userId", role)
  SELECT gen_random_uuid()::text, $1, user_id, 'ANNOTATOR' FROM (SELECT DISTINCT ${EXTERNAL_ID} AS user_id FROM import_annotation s) u
  ON CONFLICT ("projectId", "userId") DO NOTHING`;

// A pair labelled again by a later import replaces the earlier label, which is kept as history.
const SUPERSEDE = `
  UPDATE "Annotation" a SET "supersededAt" = now()
  FROM import_annotation s JOIN "Item" i ON i."projectId" = $1 AND i."externalId" = s.item
  WHERE a."itemId" = i.id AND a."annotatorId" = ${EXTERNAL_ID} AND a."supersededAt" IS NULL`;

// labelCounts also give the soft label counts / total, so the item's label distribution is exactly the votes.
const INSERT = `
  INSERT INTO "Annotation" (id, "projectId", "itemId", "annotatorId", "clientId", "gradeLevel", bloom, steps, difficulty,
                            "softLabel", "labelCounts", answer, confidence)
  SELECT gen_random_uuid()::text, $1, i.id, ${EXTERNAL_ID}, 'import:' || gen_random_uuid()::text, s.grade_level, s.bloom, s.steps,
         s.difficulty,
         CASE
           WHEN s.soft_label IS NOT NULL THEN ARRAY(SELECT value::float8 FROM jsonb_array_elements_text(s.soft_label) WITH ORDINALITY AS e(value, n) ORDER BY n)
           WHEN s.label_counts IS NOT NULL THEN ARRAY(
             SELECT value::float8 / (SELECT sum(c::float8) FROM jsonb_array_elements_text(s.label_counts) AS t(c))
             FROM jsonb_array_elements_text(s.label_counts) WITH ORDINALITY AS e(value, n) ORDER BY n)
           ELSE '{}'::float8[]
         END,
         CASE WHEN s.label_counts IS NULL THEN '{}'::int[]
              ELSE ARRAY(SELECT value::int FROM jsonb_array_elements_text(s.label_counts) WITH ORDINALITY AS e(value, n) ORDER BY n) END,
         s.answer, s.confidence
  FROM import_annotation s JOIN "Item" i ON i."projectId" = $1 AND i."externalId" = s.item
  ORDER BY s.line`;

const RECOUNT = `
  UPDATE "Item" i SET "doneCount" = (SELECT count(*) FROM "Annotation" a WHERE a."itemId" = i.id AND a."supersededAt" IS NULL)
  WHERE i."projectId" = $1 AND i."externalId" IN (SELECT item FROM import_annotation)`;

/**
 * Imports labels collected elsewhere (MTurk, Prolific, earlier studies), all or nothing, like the question import:
 * rows are staged in a temporary table in batches, checked in SQL (unknown item, label not fitting the item, the same
 * annotator twice on an item), and any row error rolls everything back with the first 50 errors. Named annotators
 * become external users of the project; doneCount is recounted in SQL for the items touched.
 */
export async function importAnnotations(
  prisma: Db,
  projectId: string,
  events: AsyncIterable<RowEvent<ExternalAnnotationRow>>,
): Promise<AnnotationImportResult> {
  return allOrNothing<AnnotationImportResult>(
    prisma,
    async (tx) => {
      await tx.$executeRawUnsafe(STAGE);
      await stageInBatches(events, BATCH, (batch) => tx.$executeRawUnsafe(STAGE_INSERT, ...columns(batch)));
      const invalid = await tx.$queryRawUnsafe<RowError[]>(CHECK, projectId);
      if (invalid.length > 0) throw new RejectedImport(invalid);
      const newAnnotators = await tx.$executeRawUnsafe(CREATE_ANNOTATORS, projectId);
      await tx.$executeRawUnsafe(ADD_MEMBERS, projectId);
      const [{ annotators }] = await tx.$queryRawUnsafe<{ annotators: number }[]>(
        `SELECT count(DISTINCT annotator)::int AS annotators FROM import_annotation`,
      );
      if (annotators === 0) throw new RejectedImport([{ line: 0, error: EMPTY_FILE }]);
      const revised = await tx.$executeRawUnsafe(SUPERSEDE, projectId);
      const created = await tx.$executeRawUnsafe(INSERT, projectId);
      await tx.$executeRawUnsafe(RECOUNT, projectId);
      return { created, revised, annotators, newAnnotators, errors: [] };
    },
    (errors) => ({ created: 0, revised: 0, annotators: 0, newAnnotators: 0, errors }),
  );
}
