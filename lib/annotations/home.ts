import "server-only";
import type { User } from "@prisma/client";
import type { Db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";
import { listProjects } from "@/lib/projects/service";
import { goldAttempts, qualificationState, qualificationView } from "@/lib/queue/gold";
import { realItemProgress } from "@/lib/queue/status";
import { calibrationSeries } from "./scores";

/** How many of the latest gold labels the home page charts per project. */
const HISTORY = 200;

/** The annotator's home: each project with its progress (real items), their own count, qualification and calibration over time. */
export async function annotatorHome(prisma: Db, user: User) {
  const projects = await listProjects(prisma, user);
  const ids = projects.map((p) => p.id);
  const [progress, mine] = await Promise.all([
    realItemProgress(prisma, ids),
    prisma.$queryRaw<{ projectId: string; mine: number; last: Date | null }[]>`
      SELECT "projectId", count(*)::int AS mine, max("createdAt") AS last FROM "Annotation"
      WHERE "annotatorId" = ${user.id} AND "supersededAt" IS NULL AND "projectId" = ANY(${ids}::text[]) GROUP BY "projectId"`,
  ]);
  const mineBy = new Map(mine.map((m) => [m.projectId, m]));
  return Promise.all(
    projects.map(async (p) => {
      const settings = readSettings(p.settings);
      const [attempts, qualification] = await Promise.all([
        settings.goldFeedback
          ? goldAttempts(prisma, p.id, user.id, { limit: HISTORY, newest: true })
          : Promise.resolve([]),
        qualificationState(prisma, p.id, user.id, settings),
      ]);
      const scored = attempts.reverse().flatMap((a) => (a.score ? [{ ...a.score, at: a.at }] : []));
      return {
        slug: p.slug,
        name: p.name,
        role: p.role,
        instructions: p.instructions,
        archived: p.archived,
        progress: progress.get(p.id) ?? { items: 0, complete: 0 },
        mine: mineBy.get(p.id)?.mine ?? 0,
        lastAnnotatedAt: mineBy.get(p.id)?.last ?? null,
        qualification: qualificationView(qualification, settings),
        calibration: calibrationSeries(scored),
      };
    }),
  );
}
export type AnnotatorHomeProject = Awaited<ReturnType<typeof annotatorHome>>[number];
