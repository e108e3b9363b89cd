/** Query schemas shared by the dashboard forms (client) and the route handlers (server); zod only. */
import { z } from "zod";
import "@/lib/validation/messages";

export const correlationMethods = ["spearman", "pearson", "kendall", "partial"] as const;
export type CorrelationMethodName = (typeof correlationMethods)[number];

export const DEFAULT_MEASURES = [
  "gradeLevelMean",
  "bloomMean",
  "stepsMean",
  "difficultyMean",
  "normalizedEntropy",
  "questionWords",
];
// Below this many pairs, or with a CI wider than this, the page warns that the estimate is unreliable.
export const SMALL_N = 30;
export const WIDE_CI = 0.5;

const list = z
  .string()
  .trim()
  .transform((s) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter(Boolean),
  );

/** Query of GET /correlations (also used by the correlations page form). */
export const correlationQuerySchema = z.object({
  method: z.enum(correlationMethods).default("spearman"),
  measures: list.optional(),
  control: z.string().trim().min(1).optional(),
  bootstrap: z.coerce.number().int().min(0).max(10_000).default(1000),
  seed: z.coerce.number().int().default(1),
  source: z.string().trim().min(1).optional(),
  subject: z.string().trim().min(1).optional(),
  /**
   * What the bootstrap resamples: items (annotators fixed), or items and annotators independently (two-way), which
   * also covers the variation from which annotators happened to label.
   */
  resample: z.enum(["items", "items+annotators"]).default("items"),
  /** Listwise deletion: only items where every chosen measure (and the control) is present. */
  complete: z
    .enum(["true", "false", "1", "0"])
    .transform((v) => v === "true" || v === "1")
    .default(false),
});
export type CorrelationQuery = z.output<typeof correlationQuerySchema>;

/** Query of GET /quality: what the alpha intervals' bootstrap resamples. */
export const qualityQuerySchema = z.object({
  resample: z.enum(["items", "items+annotators"]).default("items"),
});
