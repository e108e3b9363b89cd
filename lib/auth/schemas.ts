import { z } from "zod";
import "@/lib/validation/messages";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "Email is too long")
  .email("Enter a valid email address");

export const passwordSchema = z.string().min(8, "Use at least 8 characters").max(200, "Use at most 200 characters");

export const registerSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Use at most 100 characters"),
  email: emailSchema,
  password: passwordSchema,
  invite: z.string().max(200).optional(),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const signInSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, "Enter your password").max(200),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: passwordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "Passwords do not match" });

export const createTokenSchema = z.object({ name: z.string().trim().min(1, "Name the token").max(100) });

export const registrationModeSchema = z.object({ mode: z.enum(["open", "invite"]) });
