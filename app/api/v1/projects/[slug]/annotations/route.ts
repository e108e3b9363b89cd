import { z } from "zod";
import { endpoint, json, projectRole } from "@/lib/api/endpoint";
import { submitAnnotationSchema } from "@/lib/annotations/schemas";
import { listOwnAnnotations } from "@/lib/annotations/list";
import { submitAnnotation } from "@/lib/annotations/submit";
import { db, sql } from "@/lib/db";
import { readSettings } from "@/lib/projects/schemas";

/** Submits an annotation of a leased item; 201 when recorded, 200 with the same annotation for a retried clientId. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/annotations",
  access: projectRole("ANNOTATOR"),
  body: submitAnnotationSchema,
  rateLimit: "api",
  direct: true,
  doc: {
    tag: "Annotation",
    summary: "Submit an annotation",
    description: "Idempotent per clientId. The response may reveal the gold answer for feedback, after submission.",
    responses: { 201: "The annotation", 400: "Error", 409: "No lease on this item" },
  },
  handler: async ({ caller: { user }, project, body: { itemId, clientId, durationMs, ...values } }) => {
    const result = await submitAnnotation(await sql(), {
      projectId: project.id,
      settings: readSettings(project.settings),
      annotatorId: user.id,
      itemId,
      clientId,
      durationMs,
      values,
    });
    return json(result, result.replayed ? 200 : 201);
  },
});

const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(20),
  before: z.iso.datetime().optional(),
});

/** The caller's own current annotations in this project, newest first (to find one to revise). */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/annotations",
  access: projectRole("ANNOTATOR"),
  query: listQuerySchema,
  rateLimit: "api",
  doc: { tag: "Annotation", summary: "Your recent annotations", responses: { 200: "JSON list of annotations" } },
  handler: async ({ caller: { user }, project, query }) => listOwnAnnotations(await db(), project.id, user.id, query),
});
