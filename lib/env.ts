import { z } from "zod";

/** Every environment variable Hardlab reads, validated once at start-up (README "Configuration" lists them). */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  HARDLAB_DATA_DIR: z.string().min(1).default(".hardlab/db"),
  NEXTAUTH_SECRET: z.string().min(16, "NEXTAUTH_SECRET must be at least 16 characters").optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  HARDLAB_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  HARDLAB_TRUSTED_PROXIES: z.coerce
    .number()
    .int("HARDLAB_TRUSTED_PROXIES must be a whole number of reverse proxies")
    .min(0)
    .max(10)
    .default(0),
  HARDLAB_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(10_000).default(500),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must be an smtp:// or smtps:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("Hardlab <no-reply@hardlab.invalid>"),
  /** Compute units one statistics request may need (lib/compute/budget.ts); more is refused with a 422. */
  HARDLAB_COMPUTE_UNITS: z.coerce.number().min(1).default(5e9),
  /** Wall-clock limit of one computation in the worker pool, queueing included; past it the worker is stopped. */
  HARDLAB_COMPUTE_DEADLINE_MS: z.coerce.number().int().min(10).default(30_000),
  /** Worker threads for heavy statistics (default: all cores but one, at least one). */
  HARDLAB_COMPUTE_THREADS: z.coerce.number().int().min(1).max(64).optional(),
});

export type Env = z.infer<typeof envSchema>;

function loadEnv(): Env {
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${lines}`);
  }
  return parsed.data;
}

export const env = loadEnv();
