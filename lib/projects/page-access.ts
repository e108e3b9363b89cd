import { notFound, redirect } from "next/navigation";
import type { ProjectRole } from "@prisma/client";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { canResearch, projectAccess } from "@/lib/auth/access";
import { currentUser } from "@/lib/auth/caller";

/**
 * For pages: the signed-in user's access to a project, or the sign-in page / a 404. A member whose role is too low
 * goes where they can work: annotators to the annotator workspace; researchers (on an owner's page) to the
 * overview, which says why, rather than into the workspace where opening a page would lease them an item.
 */
export async function pageAccess(slug: string, minimum: ProjectRole) {
  const user = await currentUser();
  if (!user) redirect("/signin");
  try {
    return { user, ...(await projectAccess(user, slug, minimum)) };
  } catch (e) {
    if (e instanceof ForbiddenError) {
      const { role } = await projectAccess(user, slug, "ANNOTATOR");
      redirect(canResearch(role) ? `/projects/${slug}?denied=${minimum.toLowerCase()}` : `/projects/${slug}/annotate`);
    }
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}
