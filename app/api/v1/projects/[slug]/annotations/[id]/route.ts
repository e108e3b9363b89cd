import { canResearch } from "@/lib/auth/access";
import { endpoint, json, projectRole } from "@/lib/api/endpoint";
import { getAnnotation, reviseAnnotation } from "@/lib/annotations/revise";
import { reviseAnnotationSchema } from "@/lib/annotations/schemas";
import { db } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";

/** One annotation: its author's own, or any for the project's researchers. */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/annotations/[id]",
  access: projectRole("ANNOTATOR"),
  rateLimit: "api",
  doc: {
    tag: "Annotation",
    summary: "One of your annotations",
    responses: { 200: "The annotation", 404: "Error" },
  },
  handler: async ({ caller: { user }, project, role, params }) =>
    getAnnotation(await db(), project.id, params.id, { id: user.id, canResearch: canResearch(role) }),
});

/** Revises the caller's current annotation within the project's revision window; the old one is kept as history. */
export const PUT = endpoint({
  method: "PUT",
  path: "/api/v1/projects/[slug]/annotations/[id]",
  access: projectRole("ANNOTATOR"),
  body: reviseAnnotationSchema,
  rateLimit: "api",
  doc: {
    tag: "Annotation",
    summary: "Revise an annotation",
    description: "Within the project's revision window; the old version is kept as history.",
    responses: { 200: "The revision", 400: "Error", 409: "Revision window closed" },
  },
  handler: async ({ caller: { user }, project, params, body: { clientId, durationMs, ...values } }) => {
    const result = await reviseAnnotation(await db(), {
      projectId: project.id,
      settings: readSettings(project.settings),
      annotatorId: user.id,
      annotationId: params.id,
      clientId,
      durationMs,
      values,
    });
    return json(result, result.replayed ? 200 : 201);
  },
});
