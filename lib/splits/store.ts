/** Saved splits: immutable, versioned snapshots of a recipe's rows, written in bulk and compared by content. */
import "server-only";
import type { Prisma, User } from "@prisma/client";
import { audit } from "@/lib/audit";
import { GoneError, NotFoundError, ValidationError } from "@/lib/errors";
import { effectiveRole } from "@/lib/auth/access";
import type { Db } from "@/lib/db";
import { hardnessTable } from "@/lib/hardness";
import { measureColumn } from "@/lib/hardness/measures";
import { readSettings } from "@/lib/projects/schemas";
import { buildSplit, SplitRecipeError, type BuiltSplit, type SplitSource } from "./build";
import { withMinimumLabels } from "./labels-per-item";
import { previewSplit } from "./preview";
import { canonicalJson, splitHash } from "./hash";
import { splitRecipeSchema, type CreateSplitInput, type SplitRecipe } from "./schemas";

/** Rows per INSERT ... SELECT FROM unnest(...): big enough to amortize round trips, small enough for parameters. */
const INSERT_CHUNK = 5000;

const floatArrayText = (values: ArrayLike<number> | null) =>
  values && values.length > 0 ? `{${Array.from(values, String).join(",")}}` : "{}";

/**
 * The rows the content hash covers. The hardness bin counts only for the protocol: under the simple easy-hard recipe it
 * follows from the partition, and leaving it out keeps the hashes of versions saved before it was stored.
 */
export function canonicalRows(table: SplitSource, built: BuiltSplit, withHardness: boolean) {
  return built.rows.map((row) => ({
    id: table.externalIds[row.index],
    partition: row.partition,
    label: row.label,
    labelText: row.labelText,
    softLabel: row.softLabel,
    ...(withHardness ? { hardness: row.hardness } : {}),
  }));
}

/** Snapshot rows in bulk: one INSERT per chunk of rows, arrays passed as PostgreSQL array literals. */
async function insertRows(
  tx: Prisma.TransactionClient,
  splitId: string,
  table: SplitSource,
  built: BuiltSplit,
  measureNames: string[],
) {
  const columns = measureNames.map((name) => measureColumn(table.measures, name)!);
  for (let start = 0; start < built.rows.length; start += INSERT_CHUNK) {
    const chunk = built.rows.slice(start, start + INSERT_CHUNK);
    const itemIds = chunk.map((r) => table.itemIds[r.index]);
    const partitions = chunk.map((r) => r.partition);
    const hardness = chunk.map((r) => r.hardness);
    const labels = chunk.map((r) => r.label);
    const labelTexts = chunk.map((r) => r.labelText);
    const softLabels = chunk.map((r) => floatArrayText(r.softLabel));
    const ordinals = chunk.map((_, k) => start + k);
    const measures = chunk.map((r) => floatArrayText(columns.map((c) => c[r.index])));
    await tx.$executeRaw`
      INSERT INTO "SplitItem" ("splitId", "itemId", "partition", "hardness", "label", "labelText", "softLabel", "ordinal", "measures")
      SELECT ${splitId}, u.item, u.part, u.hard, u.label, u.text, u.soft::float8[], u.ord, u.meas::float8[]
      FROM unnest(${itemIds}::text[], ${partitions}::text[], ${hardness}::text[], ${labels}::int[], ${labelTexts}::text[],
                  ${softLabels}::text[], ${ordinals}::int[], ${measures}::text[]) AS u(item, part, hard, label, text, soft, ord, meas)`;
  }
}

/** A recipe that does not fit the project's data is the caller's mistake: 400 with the reason. */
function asValidationError<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof SplitRecipeError) throw new ValidationError(e.message);
    throw e;
  }
}

/** The project's k (labels per item), the default minimum number of labels of a split's items. */
async function labelsPerItem(prisma: Db, projectId: string): Promise<number> {
  const project = await prisma.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
  return readSettings(project.settings).k;
}

export async function previewProjectSplit(prisma: Db, projectId: string, given: SplitRecipe, measure?: string) {
  const [table, k] = await Promise.all([hardnessTable(prisma, projectId), labelsPerItem(prisma, projectId)]);
  return asValidationError(() => previewSplit(table, withMinimumLabels(given, k), measure, k));
}

/**
 * What exports read live from the items rather than from the snapshot: id, source, subject, question and choices, as
 * one sha256 over the rows in order. Comparing it with the value stored at save time tells whether a re-import with
 * onConflict=update has changed a saved version's texts since.
 */
const ITEM_CONTENT_HASH = `SELECT encode(sha256(convert_to(coalesce(string_agg(
    json_build_array(i."externalId", i.source, i.subject, i.question, i.choices)::text, E'\\n' ORDER BY si.ordinal), ''), 'UTF8')), 'hex') AS hash
  FROM "SplitItem" si JOIN "Item" i ON i.id = si."itemId" WHERE si."splitId" = $1`;

export async function itemContentHash(db: Pick<Db, "$queryRawUnsafe">, splitId: string): Promise<string> {
  const [{ hash }] = await db.$queryRawUnsafe<{ hash: string }[]>(ITEM_CONTENT_HASH, splitId);
  return hash;
}

export type ItemContentState = { hashAtSave: string | null; hashNow: string; changed: boolean | null };

/** The stored item-content hash against the current one; `changed` is null for splits saved before it was recorded. */
export async function itemContentState(
  db: Pick<Db, "$queryRawUnsafe">,
  split: { id: string; itemContentHash: string | null },
): Promise<ItemContentState> {
  const current = await itemContentHash(db, split.id);
  return {
    hashAtSave: split.itemContentHash,
    hashNow: current,
    changed: split.itemContentHash === null ? null : current !== split.itemContentHash,
  };
}

export type SavedSplit = {
  id: string;
  name: string;
  version: number;
  hash: string;
  counts: BuiltSplit["counts"];
  created: boolean;
};

/**
 * Runs the recipe on the project's current data and saves it as the next version of `name`. When the newest version
 * has the same recipe and the same content hash nothing changed, and that version is returned (created: false).
 */
export async function saveSplit(
  prisma: Db,
  projectId: string,
  createdBy: Pick<User, "id"> | null,
  input: CreateSplitInput,
): Promise<SavedSplit> {
  const [table, k] = await Promise.all([hardnessTable(prisma, projectId), labelsPerItem(prisma, projectId)]);
  input = { ...input, recipe: withMinimumLabels(input.recipe, k) };
  const built = asValidationError(() => buildSplit(table, input.recipe));
  const hash = splitHash(canonicalRows(table, built, input.recipe.kind === "easy-hard-protocol"));
  const measureNames = Object.keys(table.measures).sort();
  const recipeText = canonicalJson(input.recipe);
  return prisma.$transaction(
    async (tx) => {
      // Serializes versioning of one split name; other names and projects go on in parallel.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`split:${projectId}:${input.name}`}))`;
      const latest = await tx.split.findFirst({ where: { projectId, name: input.name }, orderBy: { version: "desc" } });
      const unchanged =
        latest &&
        latest.deletedAt === null &&
        latest.hash === hash &&
        canonicalJson(latest.recipe) === recipeText &&
        (latest.itemContentHash === null || (await itemContentHash(tx, latest.id)) === latest.itemContentHash);
      if (latest && unchanged) {
        return {
          id: latest.id,
          name: latest.name,
          version: latest.version,
          hash,
          counts: built.counts,
          created: false,
        };
      }
      const split = await tx.split.create({
        data: {
          projectId,
          name: input.name,
          version: (latest?.version ?? 0) + 1,
          recipe: input.recipe as Prisma.InputJsonValue,
          seed: input.recipe.seed,
          hash,
          counts: built.counts,
          summary: { cutoffs: built.cutoffs ?? null, notes: built.notes },
          measureNames,
          createdById: createdBy?.id ?? null,
        },
      });
      await insertRows(tx, split.id, table, built, measureNames);
      await tx.$executeRawUnsafe(
        `UPDATE "Split" SET "itemContentHash" = (${ITEM_CONTENT_HASH}) WHERE id = $1`,
        split.id,
      );
      return { id: split.id, name: split.name, version: split.version, hash, counts: built.counts, created: true };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}

const summarySelect = {
  id: true,
  name: true,
  version: true,
  hash: true,
  seed: true,
  recipe: true,
  counts: true,
  createdAt: true,
  createdById: true,
} as const;

export async function listSplits(prisma: Db, projectId: string) {
  return prisma.split.findMany({
    where: { projectId, deletedAt: null },
    select: summarySelect,
    orderBy: [{ name: "asc" }, { version: "desc" }],
  });
}

/** A split the user may read (researcher or owner of its project, or admin); anything else is 404. */
export async function splitAccess(prisma: Db, user: Pick<User, "id" | "role">, splitId: string) {
  const split = await prisma.split.findUnique({
    where: { id: splitId },
    include: {
      project: {
        select: {
          id: true,
          slug: true,
          name: true,
          memberships: { where: { userId: user.id }, select: { role: true } },
        },
      },
    },
  });
  const role = split && effectiveRole(user, split.project.memberships);
  if (!split || !role || role === "ANNOTATOR") throw new NotFoundError("Split not found");
  if (split.deletedAt) throw gone(split);
  const { memberships: _memberships, ...project } = split.project;
  return { ...split, project };
}

const gone = (split: { name: string; version: number; deletedAt: Date | null }) =>
  new GoneError(`${split.name} v${split.version} was deleted on ${split.deletedAt!.toISOString().slice(0, 10)}`);

/**
 * Deletes one saved version: its rows go, its record stays as a tombstone so links and exports to it answer 410 and
 * its version number is never given to another recipe. Audited. Deleting twice answers 410.
 */
export async function deleteSplit(prisma: Db, split: Awaited<ReturnType<typeof splitAccess>>, actor: Pick<User, "id">) {
  const deletedAt = new Date();
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.split.updateMany({
      where: { id: split.id, deletedAt: null },
      data: { deletedAt, deletedById: actor.id },
    });
    if (count === 0) throw gone({ ...split, deletedAt: split.deletedAt ?? deletedAt });
    await tx.splitItem.deleteMany({ where: { splitId: split.id } });
  });
  await audit(prisma, actor.id, split.projectId, "splits.delete", {
    splitId: split.id,
    name: split.name,
    version: split.version,
    hash: split.hash,
  });
}

export async function splitDetail(prisma: Db, split: Awaited<ReturnType<typeof splitAccess>>) {
  const [versions, itemContent] = await Promise.all([
    prisma.split.findMany({
      where: { projectId: split.projectId, name: split.name, deletedAt: null },
      select: { id: true, version: true, hash: true, createdAt: true },
      orderBy: { version: "desc" },
    }),
    itemContentState(prisma, split),
  ]);
  return {
    id: split.id,
    project: { slug: split.project.slug, name: split.project.name },
    name: split.name,
    version: split.version,
    hash: split.hash,
    seed: split.seed,
    recipe: splitRecipeSchema.parse(split.recipe) as SplitRecipe,
    counts: split.counts,
    summary: split.summary,
    measureNames: split.measureNames,
    createdAt: split.createdAt,
    itemContent,
    versions,
  };
}

type DiffRow = {
  id: string;
  fromPartition: string | null;
  toPartition: string | null;
  fromLabel: number | null;
  toLabel: number | null;
  fromLabelText: string | null;
  toLabelText: string | null;
  fromSoftLabel: number[] | null;
  toSoftLabel: number[] | null;
};

/** What changed from `against` to `split`: items added, removed, moved to another partition, or relabelled. */
export async function diffSplits(
  prisma: Db,
  split: { id: string; projectId: string },
  againstId: string,
  limit = 1000,
) {
  const against = await prisma.split.findUnique({
    where: { id: againstId },
    select: { id: true, projectId: true, name: true, version: true, deletedAt: true },
  });
  if (!against || against.projectId !== split.projectId)
    throw new NotFoundError("The split to compare with was not found in this project");
  if (against.deletedAt) throw gone(against);
  const rows = await prisma.$queryRaw<DiffRow[]>`
    SELECT i."externalId" AS id, a.partition AS "fromPartition", b.partition AS "toPartition", a.label AS "fromLabel", b.label AS "toLabel",
           a."labelText" AS "fromLabelText", b."labelText" AS "toLabelText", a."softLabel" AS "fromSoftLabel", b."softLabel" AS "toSoftLabel"
    FROM (SELECT * FROM "SplitItem" WHERE "splitId" = ${against.id}) a
    FULL JOIN (SELECT * FROM "SplitItem" WHERE "splitId" = ${split.id}) b ON a."itemId" = b."itemId"
    JOIN "Item" i ON i.id = COALESCE(a."itemId", b."itemId")
    WHERE a."itemId" IS NULL OR b."itemId" IS NULL OR a.partition <> b.partition OR a.label IS DISTINCT FROM b.label
       OR a."labelText" IS DISTINCT FROM b."labelText" OR a."softLabel" IS DISTINCT FROM b."softLabel"
    ORDER BY i."externalId"`;
  const label = (l: number | null, text: string | null, soft: number[] | null) => ({
    label: l,
    labelText: text,
    softLabel: soft && soft.length > 0 ? soft : null,
  });
  const added = rows
    .filter((r) => r.fromPartition === null)
    .map((r) => ({ id: r.id, partition: r.toPartition, ...label(r.toLabel, r.toLabelText, r.toSoftLabel) }));
  const removed = rows
    .filter((r) => r.toPartition === null)
    .map((r) => ({ id: r.id, partition: r.fromPartition, ...label(r.fromLabel, r.fromLabelText, r.fromSoftLabel) }));
  const both = rows.filter((r) => r.fromPartition !== null && r.toPartition !== null);
  const moved = both
    .filter((r) => r.fromPartition !== r.toPartition)
    .map((r) => ({ id: r.id, from: r.fromPartition, to: r.toPartition }));
  const relabelled = both
    .filter(
      (r) =>
        r.fromLabel !== r.toLabel ||
        r.fromLabelText !== r.toLabelText ||
        canonicalJson(r.fromSoftLabel) !== canonicalJson(r.toSoftLabel),
    )
    .map((r) => ({
      id: r.id,
      partition: r.toPartition,
      from: label(r.fromLabel, r.fromLabelText, r.fromSoftLabel),
      to: label(r.toLabel, r.toLabelText, r.toSoftLabel),
    }));
  return {
    split: split.id,
    against: { id: against.id, name: against.name, version: against.version },
    totals: { added: added.length, removed: removed.length, moved: moved.length, relabelled: relabelled.length },
    added: added.slice(0, limit),
    removed: removed.slice(0, limit),
    moved: moved.slice(0, limit),
    relabelled: relabelled.slice(0, limit),
  };
}
