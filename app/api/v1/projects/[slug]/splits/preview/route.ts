import { endpoint, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { previewSplitSchema } from "@/lib/splits/schemas";
import { previewProjectSplit } from "@/lib/splits/store";

/** What the recipe would give on the current data; nothing is saved. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/splits/preview",
  access: projectRole("RESEARCHER"),
  body: previewSplitSchema,
  rateLimit: "api",
  compute: "heavy",
  doc: {
    tag: "Splits",
    summary: "Preview a split recipe",
    description:
      "Counts per partition, the measure's distribution per partition, training-label accuracy against gold (weak-label noise rate), class balance, and for `confidence` recipes train size and label accuracy against tau. Nothing is saved.",
    responses: { 200: "The preview", 400: "Error" },
  },
  handler: async ({ project, body: { recipe, measure } }) =>
    previewProjectSplit(await db(), project.id, recipe, measure),
});
