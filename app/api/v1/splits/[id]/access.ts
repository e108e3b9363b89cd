import { resourceRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { splitAccess } from "@/lib/splits/store";

/** A split by its id, for researchers of its project; everyone else gets the same 404 as for an unknown id. */
export const splitResearcher = resourceRole("RESEARCHER", "split", async (user, params) =>
  splitAccess(await db(), user, params.id),
);
