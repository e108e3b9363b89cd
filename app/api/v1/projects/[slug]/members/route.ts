import { z } from "zod";
import { endpoint, json, noContent, projectRole } from "@/lib/api/endpoint";
import { publicOrigin } from "@/lib/auth/public-origin";
import { db } from "@/lib/db";
import { memberSchema } from "@/lib/projects/schemas";
import { addMember, listMembers, removeMember } from "@/lib/projects/service";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/members",
  access: projectRole("RESEARCHER"),
  rateLimit: "api",
  doc: { tag: "Projects", summary: "Members and roles", responses: { 200: "JSON list of members" } },
  handler: async ({ project }) => ({ members: await listMembers(await db(), project.id) }),
});

export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/members",
  access: projectRole("OWNER"),
  body: memberSchema,
  audit: ["member.set", "invite.create"],
  rateLimit: "api",
  doc: {
    tag: "Projects",
    summary: "Add a member by email",
    description:
      "Sets the role of a current member (201). Anyone else gets an invitation to accept (202, as POST /invites with the email), the same answer whether or not the email has an account.",
    responses: { 201: "The changed membership", 202: "The invitation, as POST /invites answers", 400: "Error" },
  },
  handler: async ({ req, caller: { user }, project, body }) => {
    const result = await addMember(await db(), project, body.email, body.role, user, publicOrigin(req));
    return json(result, result.invited ? 202 : 201);
  },
});

const removeSchema = z.object({ email: memberSchema.shape.email });

export const DELETE = endpoint({
  method: "DELETE",
  path: "/api/v1/projects/[slug]/members",
  access: projectRole("OWNER"),
  query: z.object({
    email: z.string().optional().meta({ description: "The member's email (or send `{email}` as the body)" }),
  }),
  body: removeSchema,
  bodyOptional: true,
  audit: "member.remove",
  rateLimit: "api",
  doc: { tag: "Projects", summary: "Remove a member", responses: { 204: "Removed", 404: "Error" } },
  handler: async ({ caller: { user }, project, query, body }) => {
    const input = query.email ? removeSchema.parse({ email: query.email }) : (body ?? removeSchema.parse({}));
    await removeMember(await db(), project, input.email, user.id);
    return noContent();
  },
});
