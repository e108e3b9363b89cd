/**
 * The OpenAPI 3.1 document, generated from the endpoint declarations of the route files (lib/api/endpoint.ts):
 * served at /api/v1/openapi.json and rendered at /docs/api. Query parameters and JSON bodies come from the same zod
 * schemas the handlers validate with, and access from the same rule the layer enforces.
 */
import { z, type ZodType } from "zod";
import { TAGS, type Access, type EndpointDeclaration, type ResponseDoc } from "./endpoint";
import { dictionary } from "@/lib/dictionary";

type Json = Record<string, unknown>;
type Param = { name: string; in: "path" | "query"; required?: boolean; description?: string; schema: Json };

const schemaOf = (schema: ZodType): Json => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;

/** Query parameters from a zod object schema (the handler's own query schema). */
function queryFrom(schema: ZodType): Param[] {
  const json = schemaOf(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => {
    const { description, ...rest } = s as Json & { description?: string };
    return {
      name,
      in: "query",
      required: Boolean(json.required?.includes(name) && !("default" in s)),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

export function accessText(access: Access): string {
  switch (access.kind) {
    case "anonymous":
      return "No authentication.";
    case "signed-in":
      return "Any signed-in user (session cookie or Bearer token).";
    case "admin":
      return "Admins only.";
    case "project":
      return `${roleText(access.role)} of the project. Non-members get 404, members with a lower role 403.`;
    case "resource":
      return `${roleText(access.role)} of the ${access.resource}'s project. Everyone else gets 404.`;
    case "participant":
      return "The study's participant: the signed study cookie set on entry (no account). Accounts and API tokens get 401.";
  }
}

const roleText = (role: string) =>
  ({ ANNOTATOR: "Members (annotator and up)", RESEARCHER: "Researchers and owners", OWNER: "Owners" })[role] ?? role;

/** `/api/v1/projects/[slug]` -> `/api/v1/projects/{slug}`. */
export const openApiPath = (path: string) => path.replace(/\[(\w+)\]/g, "{$1}");

function pathParams(path: string): Param[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

const ERROR_SHAPE = "Error: `{ error: { message, details? } }`";

function responseObject(value: ResponseDoc) {
  if (typeof value === "string") {
    const description = value === "Error" ? ERROR_SHAPE : value;
    return {
      description,
      ...(/^(204|Error)/.test(description) ? {} : { content: { "application/json": { schema: { type: "object" } } } }),
    };
  }
  return { description: value.description, content: { [value.contentType]: { schema: value.schema ?? {} } } };
}

function requestBody(e: EndpointDeclaration) {
  if (e.upload) {
    const contentType = e.upload.contentType ?? "application/octet-stream";
    return {
      required: true,
      description: e.upload.description,
      content: {
        [contentType]: {
          schema: e.upload.schema ? schemaOf(e.upload.schema) : { type: "string", contentMediaType: contentType },
        },
      },
    };
  }
  if (e.body) return { required: !e.bodyOptional, content: { "application/json": { schema: schemaOf(e.body) } } };
  return undefined;
}

/** Paths OpenAPI cannot express (catch-all segments such as next-auth's) are left out. */
export const documented = (e: EndpointDeclaration) => !e.path.includes("[...");

export function openApiDocument(endpoints: EndpointDeclaration[]) {
  const paths = dictionary<Json>();
  for (const e of [...endpoints].filter(documented).sort((a, b) => a.path.localeCompare(b.path))) {
    const path = openApiPath(e.path);
    const method = e.method.toLowerCase();
    const body = requestBody(e);
    const notes = [
      e.doc.description,
      `Access: ${accessText(e.access)}`,
      e.compute !== undefined ? `Compute budget: ${e.compute}.` : undefined,
      e.audit ? `Audit log: ${[e.audit].flat().join(", ")}.` : undefined,
    ];
    (paths[path] ??= dictionary())[method] = {
      tags: [e.doc.tag],
      summary: e.doc.summary,
      description: notes.filter(Boolean).join("\n\n"),
      operationId: `${method}${path
        .replace(/^\/api(\/v1)?/, "")
        .replace(/[{}]/g, "")
        .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
      parameters: [...pathParams(path), ...(e.query ? queryFrom(e.query) : [])],
      ...(body ? { requestBody: body } : {}),
      responses: Object.fromEntries(
        Object.entries(e.doc.responses).map(([status, value]) => [status, responseObject(value)]),
      ),
      ...(e.access.kind === "anonymous"
        ? { security: [] }
        : e.access.kind === "participant"
          ? { security: [{ studyParticipant: [] }] }
          : {}),
      "x-rate-limit": e.rateLimit,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Hardlab API",
      version: "1",
      description:
        "Human difficulty labeling for ML benchmark questions. Authenticate with `Authorization: Bearer <token>` (create tokens in your account or with POST /api/v1/tokens); the browser session works too. Errors have the shape `{ error: { message, details? } }`.",
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }, { session: [] }],
    tags: TAGS.map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An API token from POST /api/v1/tokens" },
        session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description: "The browser session after signing in",
        },
        studyParticipant: {
          type: "apiKey",
          in: "cookie",
          name: "hardlab_study_{id}",
          description: "A study participant's signed session, set by POST /api/v1/studies/{id}/participant",
        },
      },
    },
  };
}
export type OpenApiDocument = ReturnType<typeof openApiDocument>;
