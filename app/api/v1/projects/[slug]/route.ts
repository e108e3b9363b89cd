import { endpoint, noContent, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { updateProjectSchema } from "@/lib/projects/schemas";
import { deleteProject, projectView, updateProject } from "@/lib/projects/service";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]",
  access: projectRole("ANNOTATOR"),
  rateLimit: "api",
  doc: { tag: "Projects", summary: "A project with its settings", responses: { 200: "The project", 404: "Error" } },
  handler: async ({ project, role }) => projectView(project, role),
});

export const PATCH = endpoint({
  method: "PATCH",
  path: "/api/v1/projects/[slug]",
  access: projectRole("OWNER"),
  body: updateProjectSchema,
  audit: ["project.archive", "project.unarchive", "project.update"],
  rateLimit: "api",
  doc: { tag: "Projects", summary: "Update a project", responses: { 200: "The project", 400: "Error", 403: "Error" } },
  handler: async ({ caller: { user }, project, role, body }) =>
    projectView(await updateProject(await db(), project, body, user.id), role),
});

export const DELETE = endpoint({
  method: "DELETE",
  path: "/api/v1/projects/[slug]",
  access: projectRole("OWNER"),
  audit: "project.delete",
  rateLimit: "api",
  doc: {
    tag: "Projects",
    summary: "Delete a project and all its data",
    responses: { 204: "Deleted", 403: "Error" },
  },
  handler: async ({ caller: { user }, project }) => {
    await deleteProject(await db(), project, user.id);
    return noContent();
  },
});
