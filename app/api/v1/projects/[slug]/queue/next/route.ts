import { endpoint, noContent, projectRole } from "@/lib/api/endpoint";
import { sql } from "@/lib/db";
import { ConflictError } from "@/lib/errors";
import { readSettings } from "@/lib/projects/schemas";
import { nextItem } from "@/lib/queue/next";

/** Leases the caller's next item (the same one again while a lease is held); 204 when nothing is left. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/queue/next",
  access: projectRole("ANNOTATOR"),
  rateLimit: "api",
  direct: true,
  doc: {
    tag: "Annotation",
    summary: "Lease the next item to annotate",
    description: "Gold answers are never included.",
    responses: { 200: "The leased item", 204: "Nothing left for you" },
  },
  handler: async ({ caller: { user }, project }) => {
    if (project.archivedAt) throw new ConflictError("This project is archived and takes no more annotations");
    const lease = await nextItem(await sql(), project.id, user.id, readSettings(project.settings));
    return lease ?? noContent();
  },
});
