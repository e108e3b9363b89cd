import "server-only";
import type { Annotation } from "@prisma/client";
import type { Db } from "@/lib/db";
import { ConflictError, NotFoundError } from "@/lib/errors";
import type { ProjectSettings } from "@/lib/projects/schemas";
import { annotationColumns, annotationView, findByClientId, readItem, validateValues } from "./submit";

/**
 * Replaces the caller's current annotation of an item within settings.revisionWindowMinutes of their FIRST
 * annotation of it (so revising cannot extend the window). History is kept: the old row gets supersededAt and the
 * new one counts. doneCount is unchanged. Idempotent on clientId like a submission.
 */
export async function reviseAnnotation(
  prisma: Db,
  input: {
    projectId: string;
    settings: ProjectSettings;
    annotatorId: string;
    annotationId: string;
    clientId: string;
    durationMs?: number;
    values: unknown;
  },
) {
  const { projectId, settings, annotatorId } = input;
  const target = await prisma.annotation.findFirst({ where: { id: input.annotationId, projectId, annotatorId } });
  if (!target) throw new NotFoundError("Annotation not found");
  return prisma.$transaction(async (tx) => {
    const item = await readItem(tx, projectId, target.itemId, { lock: true });
    const existing = await findByClientId(tx, annotatorId, input.clientId);
    if (existing) {
      if (existing.itemId !== target.itemId || existing.id === target.id)
        throw new ConflictError("This clientId was already used; send a new one for a revision");
      return { annotation: annotationView(existing), replayed: true };
    }
    const [{ currentId, firstAt }] = await tx.$queryRaw<{ currentId: string | null; firstAt: Date }[]>`
      SELECT (array_agg(id) FILTER (WHERE "supersededAt" IS NULL))[1] AS "currentId", min("createdAt") AS "firstAt"
      FROM "Annotation" WHERE "itemId" = ${target.itemId} AND "annotatorId" = ${annotatorId}`;
    if (currentId !== target.id)
      throw new ConflictError(`This annotation was already revised; revise the latest one (${currentId})`, {
        currentId,
      });
    const windowMs = settings.revisionWindowMinutes * 60_000;
    if (Date.now() - firstAt.getTime() > windowMs) {
      throw new ConflictError(
        settings.revisionWindowMinutes === 0
          ? "This project does not allow revisions"
          : `Annotations can be revised for ${settings.revisionWindowMinutes} minutes after the first answer; that time has passed`,
      );
    }
    // Once the feedback showed a gold item's answer, a revision would only copy it: the first answer stands.
    if (item.isGold && settings.goldFeedback)
      throw new ConflictError("The answer to this check question was shown after you answered, so your answer stands");
    const values = validateValues(settings, item, input.values);
    await tx.$executeRaw`UPDATE "Annotation" SET "supersededAt" = now() WHERE id = ${target.id}`;
    const [created] = await tx.$queryRaw<Annotation[]>`
      INSERT INTO "Annotation" (id, "projectId", "itemId", "annotatorId", "clientId", "gradeLevel", bloom, steps, difficulty,
                                "softLabel", answer, confidence, "durationMs", flagged, comment, "createdAt")
      VALUES (gen_random_uuid()::text, ${projectId}, ${target.itemId}, ${annotatorId}, ${input.clientId}, ${annotationColumns(values)},
              ${input.durationMs ?? null}::int, ${target.flagged}, ${target.comment}, now())
      RETURNING *`;
    return { annotation: annotationView(created), replayed: false };
  });
}

/** One annotation for its author, or for the project's researchers. */
export async function getAnnotation(
  prisma: Db,
  projectId: string,
  id: string,
  viewer: { id: string; canResearch: boolean },
) {
  const a = await prisma.annotation.findFirst({
    where: { id, projectId, ...(viewer.canResearch ? {} : { annotatorId: viewer.id }) },
  });
  if (!a) throw new NotFoundError("Annotation not found");
  return annotationView(a);
}
