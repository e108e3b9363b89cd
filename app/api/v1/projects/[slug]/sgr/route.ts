import { endpoint, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { sgrInputSchema } from "@/lib/splits/schemas";
import { gapRecoveredReport } from "@/lib/splits/sgr";

/** SGR or PGR with a bootstrap interval from accuracies or per-item correctness on a split's test items. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/sgr",
  access: projectRole("RESEARCHER"),
  body: sgrInputSchema,
  bodyLimit: 60_000_000,
  rateLimit: "api",
  compute: "heavy",
  doc: {
    tag: "Splits",
    summary: "SGR / PGR calculator",
    description:
      "SGR = (easy - unsupervised) / (hard - unsupervised); PGR = (weakToStrong - weak) / (strong - weak). From accuracies (unpaired binomial bootstrap) or per-item correctness rows `{id, easy, hard, unsupervised}` / `{id, weak, weakToStrong, strong}` as JSON (`items`) or CSV text (`csv`), matched to the split's test items (paired bootstrap).",
    responses: { 200: "`{metric, estimate, lo, hi, level, n, accuracies, coverage}`", 400: "Error" },
  },
  handler: async ({ caller, project, body, compute }) =>
    gapRecoveredReport(await db(), project.id, body, { caller: caller.user.id, budget: compute }),
});
