import { z } from "zod";

export const annotationFields = ["gradeLevel", "bloom", "steps", "difficulty", "softLabel"] as const;
export type AnnotationField = (typeof annotationFields)[number];

export const poolingMethods = ["linear", "logarithmic", "calibrated"] as const;

/** Project settings with their defaults; stored as JSON on Project and always read through this schema. */
export const projectSettingsSchema = z.object({
  k: z.number().int().min(1, "At least 1 annotation per item").max(100).default(3),
  goldRate: z.number().min(0).max(1, "Gold rate is a fraction between 0 and 1").default(0.1),
  fields: z
    .object({
      gradeLevel: z.boolean().default(true),
      bloom: z.boolean().default(true),
      steps: z.boolean().default(true),
      difficulty: z.boolean().default(true),
      softLabel: z.boolean().default(true),
    })
    .default({ gradeLevel: true, bloom: true, steps: true, difficulty: true, softLabel: true }),
  leaseMinutes: z.number().int().min(1).max(24 * 60).default(15),
  revisionWindowMinutes: z.number().int().min(0).max(7 * 24 * 60).default(30),
  goldFeedback: z.boolean().default(true),
  qualification: z
    .object({ items: z.number().int().min(0).max(100).default(0), minScore: z.number().min(0).max(1).default(0.7) })
    .default({ items: 0, minScore: 0.7 }),
  pooling: z.enum(poolingMethods).default("linear"),
});
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

export const slugSchema = z
  .string()
  .trim()
  .min(2, "Use at least 2 characters")
  .max(60, "Use at most 60 characters")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Lowercase letters, digits and single dashes only");

export const createProjectSchema = z.object({
  name: z.string().trim().min(1, "Name the project").max(120),
  slug: slugSchema,
  description: z.string().max(5000).optional(),
  instructions: z.string().max(50_000).optional(),
  settings: projectSettingsSchema.partial().optional(),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z.object({
  name: z.string().trim().min(1, "Name the project").max(120).optional(),
  description: z.string().max(5000).optional(),
  instructions: z.string().max(50_000).optional(),
  settings: projectSettingsSchema.partial().optional(),
  archived: z.boolean().optional(),
});
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

export const memberSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  role: z.enum(["OWNER", "RESEARCHER", "ANNOTATOR"]).default("ANNOTATOR"),
});

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").optional().or(z.literal("").transform(() => undefined)),
  role: z.enum(["OWNER", "RESEARCHER", "ANNOTATOR"]).default("ANNOTATOR"),
});

export function readSettings(raw: unknown): ProjectSettings {
  return projectSettingsSchema.parse(raw ?? {});
}
