import { z } from "zod";
import { endpoint, json, signedIn } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { createProjectSchema } from "@/lib/projects/schemas";
import { createProject, listProjects, projectView } from "@/lib/projects/service";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects",
  access: signedIn,
  query: z.object({ archived: z.string().optional().meta({ description: "`true` includes archived projects" }) }),
  rateLimit: "api",
  doc: { tag: "Projects", summary: "Your projects", responses: { 200: "JSON list of projects with your role" } },
  handler: async ({ caller: { user }, query }) => ({
    projects: await listProjects(await db(), user, query.archived === "true"),
  }),
});

export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects",
  access: signedIn,
  body: createProjectSchema,
  audit: "project.create",
  rateLimit: "api",
  doc: {
    tag: "Projects",
    summary: "Create a project",
    description: "You become its owner.",
    responses: { 201: "The project", 400: "Error", 409: "Slug taken" },
  },
  handler: async ({ caller: { user }, body }) =>
    json(projectView(await createProject(await db(), user.id, body), "OWNER"), 201),
});
