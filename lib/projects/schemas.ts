import { z } from "zod";
import "@/lib/validation/messages";

export const annotationFields = ["gradeLevel", "bloom", "steps", "difficulty", "softLabel"] as const;
export type AnnotationField = (typeof annotationFields)[number];

export const poolingMethods = ["linear", "logarithmic", "calibrated"] as const;

const fieldSwitches = {
  gradeLevel: z.boolean(),
  bloom: z.boolean(),
  steps: z.boolean(),
  difficulty: z.boolean(),
  softLabel: z.boolean(),
};
const settingsFields = {
  k: z.number().int().min(1, "At least 1 annotation per item").max(100),
  goldRate: z.number().min(0).max(1, "Gold rate is a fraction between 0 and 1"),
  fields: z.object(fieldSwitches),
  leaseMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  revisionWindowMinutes: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60),
  goldFeedback: z.boolean(),
  qualification: z.object({ items: z.number().int().min(0).max(100), minScore: z.number().min(0).max(1) }),
  pooling: z.enum(poolingMethods),
};

export const defaultSettings = {
  k: 3,
  goldRate: 0.1,
  fields: { gradeLevel: true, bloom: true, steps: true, difficulty: true, softLabel: true },
  leaseMinutes: 15,
  revisionWindowMinutes: 30,
  goldFeedback: true,
  qualification: { items: 0, minScore: 0.7 },
  pooling: "linear" as const,
};

/** Complete project settings; stored as JSON on Project and always read through readSettings. */
export const projectSettingsSchema = z.object(settingsFields);
export type ProjectSettings = z.infer<typeof projectSettingsSchema>;

/** A change to some settings: any subset, nested groups too. */
export const settingsPatchSchema = z
  .object({
    ...settingsFields,
    fields: z.object(fieldSwitches).partial(),
    qualification: settingsFields.qualification.partial(),
  })
  .partial();
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export function mergeSettings(base: ProjectSettings, patch: SettingsPatch = {}): ProjectSettings {
  return {
    ...base,
    ...patch,
    fields: { ...base.fields, ...patch.fields },
    qualification: { ...base.qualification, ...patch.qualification },
  };
}

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
  settings: settingsPatchSchema.optional(),
});
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z.object({
  name: z.string().trim().min(1, "Name the project").max(120).optional(),
  description: z.string().max(5000).optional(),
  instructions: z.string().max(50_000).optional(),
  settings: settingsPatchSchema.optional(),
  archived: z.boolean().optional(),
});
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

export const memberSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address"),
  role: z.enum(["OWNER", "RESEARCHER", "ANNOTATOR"]).default("ANNOTATOR"),
});

export const inviteSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .email("Enter a valid email address")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  role: z.enum(["OWNER", "RESEARCHER", "ANNOTATOR"]).default("ANNOTATOR"),
});

/** Settings as stored, with defaults for anything missing (older rows, partial JSON). */
export function readSettings(raw: unknown): ProjectSettings {
  const patch = settingsPatchSchema.safeParse(raw ?? {});
  return mergeSettings(defaultSettings, patch.success ? patch.data : {});
}
