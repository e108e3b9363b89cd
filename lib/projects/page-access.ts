import { notFound, redirect } from "next/navigation";
import type { ProjectRole } from "@prisma/client";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { projectAccess } from "@/lib/auth/access";
import { currentUser } from "@/lib/auth/caller";

/** For pages: the signed-in user's access to a project, or the sign-in page / a 404 / the annotator workspace. */
export async function pageAccess(slug: string, minimum: ProjectRole) {
  const user = await currentUser();
  if (!user) redirect("/signin");
  try {
    return { user, ...(await projectAccess(user, slug, minimum)) };
  } catch (e) {
    if (e instanceof ForbiddenError) redirect(`/projects/${slug}/annotate`);
    if (e instanceof NotFoundError) notFound();
    throw e;
  }
}
