import { resourceRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { studyForResearcher } from "@/lib/studies/service";

/** A study addressed by its id: researchers of its project only; everyone else gets 404, so ids do not leak. */
export const studyResearcher = resourceRole("RESEARCHER", "study", async (user, params) =>
  studyForResearcher(await db(), user, params.id),
);
