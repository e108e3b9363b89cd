import { endpoint, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { sgrInputSchema } from "@/lib/splits/schemas";
import { bodyBytes, gapRecoveredReport } from "@/lib/splits/sgr";

/** SGR or PGR with a bootstrap interval from accuracies or per-item correctness on a split's test items. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/sgr",
  access: projectRole("RESEARCHER"),
  // Up to 60 MB of rows: the body is parsed and checked on a compute worker, not on the request thread.
  upload: {
    description: "JSON: accuracies, or per-item correctness rows (`items`) or CSV text (`csv`)",
    contentType: "application/json",
    schema: sgrInputSchema,
    limitBytes: 60_000_000,
    missing: "Enter accuracies or upload per-item correctness",
  },
  rateLimit: "api",
  compute: "heavy",
  doc: {
    tag: "Splits",
    summary: "SGR / PGR calculator",
    description:
      "SGR = (easy - unsupervised) / (hard - unsupervised); PGR = (weakToStrong - weak) / (strong - weak). From accuracies (unpaired binomial bootstrap) or per-item correctness rows `{id, easy, hard, unsupervised}` (optionally `medium`, `all`) / `{id, weak, weakToStrong, strong}` as JSON (`items`) or CSV text (`csv`), matched to the split's test items (paired bootstrap); for an `easy-hard-protocol` split, to its hard test items only (`testSet`). A zero gap (ceiling = floor) on the full data has no estimate or interval: `estimate`, `lo` and `hi` are null and `undefinedReason` says why. Resamples whose gap is 0 are left out of the interval and counted in `resamplesDropped` (of `resamplesDrawn`).",
    responses: {
      200: "`{metric, testSet, estimate, lo, hi, level, resamplesDrawn, resamplesDropped, undefinedReason, n, accuracies, coverage}`",
      400: "Error",
      413: "Error: the body is over 60 MB",
      422: "Error: over the compute budget (says what to lower)",
    },
  },
  handler: async ({ caller, project, body, compute }) =>
    gapRecoveredReport(await db(), project.id, await bodyBytes(body), { caller: caller.user.id, budget: compute }),
});
