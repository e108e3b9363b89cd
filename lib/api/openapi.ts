/**
 * The OpenAPI 3.1 document of every /api/v1 endpoint, served at /api/v1/openapi.json and rendered at /docs/api.
 * Request bodies come from the handlers' own zod schemas where those live in pure schema modules; a unit test
 * checks that the document and the app/api/v1 route files list the same paths and methods.
 */
import { z, type ZodType } from "zod";
import { changePasswordSchema, createTokenSchema, registerSchema, registrationModeSchema } from "@/lib/auth/schemas";
import { flagSchema, reviseAnnotationSchema, skipSchema, submitAnnotationSchema } from "@/lib/annotations/schemas";
import { createProjectSchema, inviteSchema, memberSchema, updateProjectSchema } from "@/lib/projects/schemas";
import {
  createSplitSchema,
  diffQuerySchema,
  exportFormats,
  exportQuerySchema,
  previewSplitSchema,
  sgrInputSchema,
} from "@/lib/splits/schemas";
import {
  consentSchema,
  createStudySchema,
  enterStudySchema,
  paymentsQuerySchema,
  updateStudySchema,
} from "@/lib/studies/schemas";

type Json = Record<string, unknown>;
type Method = "get" | "post" | "put" | "patch" | "delete";
type Param = { name: string; in: "path" | "query"; required?: boolean; description?: string; schema: Json };
type Operation = {
  tag: string;
  summary: string;
  description?: string;
  /** Who may call it; "public" needs no token. */
  access: "public" | "signed in" | "admin" | "annotator" | "researcher" | "owner" | "participant";
  query?: Param[];
  body?: ZodType | { contentType: string; description: string };
  responses: Record<string, string | { description: string; contentType: string; schema?: Json }>;
};

const schemaOf = (schema: ZodType): Json => z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;

/** Query parameters from a zod object schema (the handler's own parseQuery schema). */
function queryFrom(schema: ZodType): Param[] {
  const json = schemaOf(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) && !("default" in s),
    schema: s,
  }));
}

const q = (name: string, schema: Json, description?: string, required = false): Param => ({
  name,
  in: "query",
  required,
  description,
  schema,
});
const str = { type: "string" };
const int = { type: "integer" };

const ERROR = "Error: `{ error: { message, details? } }`";
const listOf = (what: string) => `JSON list of ${what}`;
const upload = (description: string) => ({ contentType: "application/octet-stream", description });

/** Every endpoint, keyed by path then method. Paths use {param} as in OpenAPI; handlers live at the same path with [param]. */
export const operations: Record<string, Partial<Record<Method, Operation>>> = {
  "/api/v1/register": {
    post: {
      tag: "Accounts",
      summary: "Register an account",
      description: "Open registration or with an invite, as the admin set it.",
      access: "public",
      body: registerSchema,
      responses: { 201: "The new user `{id, email, role}`", 400: ERROR, 403: "Registration is closed" },
    },
  },
  "/api/v1/me/password": {
    post: {
      tag: "Accounts",
      summary: "Change your password",
      access: "signed in",
      body: changePasswordSchema,
      responses: { 204: "Changed", 400: ERROR },
    },
  },
  "/api/v1/tokens": {
    get: {
      tag: "Accounts",
      summary: "List your API tokens",
      description: "Prefixes and dates only; a token is shown once, when created.",
      access: "signed in",
      responses: { 200: listOf("tokens") },
    },
    post: {
      tag: "Accounts",
      summary: "Create an API token",
      description: "Send it as `Authorization: Bearer <token>`.",
      access: "signed in",
      body: createTokenSchema,
      responses: { 201: "The token, shown this once", 400: ERROR },
    },
  },
  "/api/v1/tokens/{id}": {
    delete: {
      tag: "Accounts",
      summary: "Revoke an API token",
      access: "signed in",
      responses: { 204: "Revoked", 404: ERROR },
    },
  },
  "/api/v1/invites/{token}": {
    post: {
      tag: "Projects",
      summary: "Accept a project invite",
      access: "signed in",
      responses: { 200: "The project joined", 404: ERROR, 410: "Used or expired" },
    },
  },
  "/api/v1/admin/audit": {
    get: {
      tag: "Admin",
      summary: "Audit log",
      description: "Researcher and admin actions (exports, deletions, role changes), newest first.",
      access: "admin",
      query: [
        q("limit", { ...int, minimum: 1, maximum: 500, default: 100 }),
        q("before", { ...str, format: "date-time" }, "Entries before this time"),
      ],
      responses: { 200: listOf("audit entries"), 403: ERROR },
    },
  },
  "/api/v1/admin/registration": {
    get: {
      tag: "Admin",
      summary: "Registration mode",
      access: "admin",
      responses: { 200: "`{mode}`: open or invite" },
    },
    put: {
      tag: "Admin",
      summary: "Set the registration mode",
      access: "admin",
      body: registrationModeSchema,
      responses: { 200: "`{mode}`", 400: ERROR },
    },
  },
  "/api/v1/projects": {
    get: {
      tag: "Projects",
      summary: "Your projects",
      access: "signed in",
      query: [q("archived", { type: "boolean" }, "Include archived projects")],
      responses: { 200: listOf("projects with your role") },
    },
    post: {
      tag: "Projects",
      summary: "Create a project",
      description: "You become its owner.",
      access: "signed in",
      body: createProjectSchema,
      responses: { 201: "The project", 400: ERROR, 409: "Slug taken" },
    },
  },
  "/api/v1/projects/{slug}": {
    get: {
      tag: "Projects",
      summary: "A project with its settings",
      access: "annotator",
      responses: { 200: "The project", 404: ERROR },
    },
    patch: {
      tag: "Projects",
      summary: "Update a project",
      access: "owner",
      body: updateProjectSchema,
      responses: { 200: "The project", 400: ERROR, 403: ERROR },
    },
    delete: {
      tag: "Projects",
      summary: "Delete a project and all its data",
      access: "owner",
      responses: { 204: "Deleted", 403: ERROR },
    },
  },
  "/api/v1/projects/{slug}/members": {
    get: { tag: "Projects", summary: "Members and roles", access: "researcher", responses: { 200: listOf("members") } },
    post: {
      tag: "Projects",
      summary: "Add a member by email",
      access: "owner",
      body: memberSchema,
      responses: { 201: "The membership", 400: ERROR, 404: "No such user" },
    },
    delete: {
      tag: "Projects",
      summary: "Remove a member",
      access: "owner",
      query: [q("email", str, "The member's email (or send `{email}` as the body)")],
      responses: { 204: "Removed", 404: ERROR },
    },
  },
  "/api/v1/projects/{slug}/invites": {
    post: {
      tag: "Projects",
      summary: "Invite someone",
      description:
        "Returns a one-time invite link. With an email, only that address can accept it, and it is emailed there when the server has SMTP_URL; `emailed` is `{sent: true}`, `{sent: false, reason}` or null (no email given).",
      access: "owner",
      body: inviteSchema,
      responses: { 201: "The invite link and whether it was emailed", 400: ERROR },
    },
  },
  "/api/v1/projects/{slug}/items": {
    get: {
      tag: "Items",
      summary: "Browse items",
      description: "Keyset-paginated; gold answers are shown to researchers only.",
      access: "researcher",
      query: [
        q("cursor", str),
        q("limit", { ...int, minimum: 1, maximum: 500, default: 50 }),
        q("q", str, "Search in question text"),
        q("source", str),
        q("subject", str),
        q("gold", { enum: ["true", "false"] }),
        q("minAnnotations", int),
        q("maxAnnotations", int),
      ],
      responses: { 200: "`{items, nextCursor}`" },
    },
    post: {
      tag: "Items",
      summary: "Import items",
      description:
        "The file is the request body, streamed. Formats: jsonl, csv, arc-jsonl, mmlu-csv, gsm8k-jsonl, strategyqa-json. All rows are validated first; any invalid row means nothing is written (422 with the row errors).",
      access: "researcher",
      query: [
        q("format", {
          enum: ["jsonl", "csv", "arc-jsonl", "mmlu-csv", "gsm8k-jsonl", "strategyqa-json"],
          default: "jsonl",
        }),
        q("onConflict", { enum: ["skip", "update"], default: "skip" }),
        q("dryRun", { type: "boolean" }),
        q("subject", str, "mmlu-csv subject"),
        q("fileName", str),
        q("idPrefix", str),
      ],
      body: upload("The item file"),
      responses: {
        200: "`{created, updated, skipped, errors}`",
        413: "Upload too large",
        422: "Invalid rows, nothing imported",
      },
    },
  },
  "/api/v1/projects/{slug}/items/{itemId}": {
    get: {
      tag: "Items",
      summary: "One item with its annotations",
      access: "researcher",
      responses: { 200: "The item", 404: ERROR },
    },
  },
  "/api/v1/projects/{slug}/queue": {
    get: {
      tag: "Annotation",
      summary: "Your queue: progress and current lease",
      access: "annotator",
      responses: { 200: "Queue state" },
    },
  },
  "/api/v1/projects/{slug}/queue/next": {
    post: {
      tag: "Annotation",
      summary: "Lease the next item to annotate",
      description: "Gold answers are never included.",
      access: "annotator",
      responses: { 200: "The leased item", 204: "Nothing left for you" },
    },
  },
  "/api/v1/projects/{slug}/queue/skip": {
    post: {
      tag: "Annotation",
      summary: "Skip a leased item",
      access: "annotator",
      body: skipSchema,
      responses: { 200: "Skipped", 400: ERROR },
    },
  },
  "/api/v1/projects/{slug}/queue/flag": {
    post: {
      tag: "Annotation",
      summary: "Flag a problem with an item",
      access: "annotator",
      body: flagSchema,
      responses: { 200: "Flagged", 400: ERROR },
    },
  },
  "/api/v1/projects/{slug}/annotations": {
    get: {
      tag: "Annotation",
      summary: "Your recent annotations",
      access: "annotator",
      query: [
        q("limit", { ...int, minimum: 1, maximum: 200, default: 20 }),
        q("before", { ...str, format: "date-time" }),
      ],
      responses: { 200: listOf("annotations") },
    },
    post: {
      tag: "Annotation",
      summary: "Submit an annotation",
      description: "Idempotent per clientId. The response may reveal the gold answer for feedback, after submission.",
      access: "annotator",
      body: submitAnnotationSchema,
      responses: { 201: "The annotation", 400: ERROR, 409: "No lease on this item" },
    },
  },
  "/api/v1/projects/{slug}/annotations/{id}": {
    get: {
      tag: "Annotation",
      summary: "One of your annotations",
      access: "annotator",
      responses: { 200: "The annotation", 404: ERROR },
    },
    put: {
      tag: "Annotation",
      summary: "Revise an annotation",
      description: "Within the project's revision window; the old version is kept as history.",
      access: "annotator",
      body: reviseAnnotationSchema,
      responses: { 200: "The revision", 400: ERROR, 409: "Revision window closed" },
    },
  },
  "/api/v1/projects/{slug}/annotations/import": {
    post: {
      tag: "Annotation",
      summary: "Import annotations collected elsewhere",
      description:
        "JSONL rows `{item, annotator, softLabel?, labelCounts?, gradeLevel?, bloom?, steps?, difficulty?, confidence?, answer?}`; annotators become external users.",
      access: "researcher",
      body: upload("JSONL of annotations"),
      responses: { 200: "Import counts", 422: "Invalid rows, nothing imported" },
    },
  },
  "/api/v1/projects/{slug}/model-scores": {
    post: {
      tag: "Hardness",
      summary: "Import model-based difficulty scores",
      access: "researcher",
      query: [q("format", { enum: ["jsonl", "csv"], default: "jsonl" })],
      body: upload("Rows {item, model, score}"),
      responses: { 200: "`{created, updated, models, errors}`", 422: "Invalid rows" },
    },
  },
  "/api/v1/projects/{slug}/measures": {
    get: {
      tag: "Hardness",
      summary: "Hardness measures available in the project",
      access: "researcher",
      responses: { 200: listOf("measures {name, label, kind, group, description}") },
    },
  },
  "/api/v1/projects/{slug}/hardness": {
    get: {
      tag: "Hardness",
      summary: "Per-item hardness table",
      access: "researcher",
      query: [
        q("format", { enum: ["json", "jsonl", "csv"], default: "json" }),
        q("source", str),
        q("subject", str),
        q("sort", str, "A measure name"),
        q("dir", { enum: ["asc", "desc"], default: "desc" }),
        q("page", { ...int, minimum: 1, default: 1 }),
        q("pageSize", { ...int, minimum: 1, maximum: 1000 }),
      ],
      responses: { 200: "Rows of items with every measure (JSON page, or streamed JSONL / CSV)" },
    },
  },
  "/api/v1/projects/{slug}/correlations": {
    get: {
      tag: "Hardness",
      summary: "Correlations between hardness measures",
      description: "Pearson, Spearman or Kendall tau-b with bootstrap intervals; or scatter data for a pair.",
      access: "researcher",
      query: [
        q("method", { enum: ["pearson", "spearman", "kendall"] }),
        q("measures", str, "Comma-separated measure names"),
        q("source", str),
        q("subject", str),
        q("x", str, "Scatter: x measure"),
        q("y", str, "Scatter: y measure"),
      ],
      responses: { 200: "Correlation matrix with n and intervals" },
    },
  },
  "/api/v1/projects/{slug}/splits/preview": {
    post: {
      tag: "Splits",
      summary: "Preview a split recipe",
      description:
        "Counts per partition, the measure's distribution per partition, training-label accuracy against gold (weak-label noise rate), class balance, and for `confidence` recipes train size and label accuracy against tau. Nothing is saved.",
      access: "researcher",
      body: previewSplitSchema,
      responses: { 200: "The preview", 400: ERROR },
    },
  },
  "/api/v1/projects/{slug}/splits": {
    get: {
      tag: "Splits",
      summary: "Saved splits, every version",
      access: "researcher",
      responses: { 200: "`{splits: [{id, name, version, hash, seed, recipe, counts, createdAt}]}`" },
    },
    post: {
      tag: "Splits",
      summary: "Save a split",
      description:
        "Runs the recipe on the current data and saves an immutable snapshot as the next version of `name`. If nothing changed since the newest version (same recipe, same content hash), that version is returned with 200.",
      access: "researcher",
      body: createSplitSchema,
      responses: {
        201: "`{id, name, version, hash, counts, unchanged: false}`",
        200: "`{..., unchanged: true}`",
        400: ERROR,
      },
    },
  },
  "/api/v1/splits/{id}": {
    get: {
      tag: "Splits",
      summary: "A saved split",
      description:
        "Recipe, seed, hash, counts, measure columns and the versions of its name. `itemContent` compares a hash of what exports read from the items (ids, sources, subjects, questions, choices) now with the one taken at save time: `changed` is true after a re-import edited them (null for versions saved before this was recorded).",
      access: "researcher",
      responses: { 200: "The split", 404: "Not found, or not a researcher of its project" },
    },
  },
  "/api/v1/splits/{id}/diff": {
    get: {
      tag: "Splits",
      summary: "What changed between two versions",
      description: "Items added, removed, moved to another partition, or relabelled, from `against` to this split.",
      access: "researcher",
      query: queryFrom(diffQuerySchema),
      responses: { 200: "`{totals, added, removed, moved, relabelled}`", 404: ERROR },
    },
  },
  "/api/v1/splits/{id}/export": {
    get: {
      tag: "Splits",
      summary: "Export a split",
      description: `Streamed. Columns: id, source, subject, question, choices, label, label_text, soft_label, partition, then every hardness measure. \`hf\` is a tar archive in the Hugging Face datasets layout (train/validation/test.jsonl, README.md dataset card, hardlab.json). Formats: ${exportFormats.join(", ")}. Each export is recorded in the audit log. Question texts and choices are the items' current ones: the \`x-split-items-changed\` header (and \`itemContent\` in hardlab.json) says whether they changed since the version was saved.`,
      access: "researcher",
      query: queryFrom(exportQuerySchema),
      responses: {
        200: { description: "The file", contentType: "application/octet-stream" },
        404: ERROR,
      },
    },
  },
  "/api/v1/projects/{slug}/sgr": {
    post: {
      tag: "Splits",
      summary: "SGR / PGR calculator",
      description:
        "SGR = (easy - unsupervised) / (hard - unsupervised); PGR = (weakToStrong - weak) / (strong - weak). From accuracies (unpaired binomial bootstrap) or per-item correctness rows `{id, easy, hard, unsupervised}` / `{id, weak, weakToStrong, strong}` as JSON (`items`) or CSV text (`csv`), matched to the split's test items (paired bootstrap).",
      access: "researcher",
      body: sgrInputSchema,
      responses: { 200: "`{metric, estimate, lo, hi, level, n, accuracies, coverage}`", 400: ERROR },
    },
  },
  "/api/v1/projects/{slug}/studies": {
    post: {
      tag: "Studies",
      summary: "Create a crowd study",
      description:
        "A public link `/s/{key}` for Prolific (`PROLIFIC_PID`, `STUDY_ID`, `SESSION_ID`), MTurk (`workerId`, `assignmentId`, `hitId`) or a generic `pid`. Settings: item quota, maximum minutes, allowed platforms, completion code or URL (`{code}` in it is replaced), codes for timeouts and failed training, the practice round (items with answers and explanations, Brier criterion, min and max items), attention checks and their rate, base rate and the maximum bonus per gold item (paid by the quadratic rule: maxBonus x (1 - Brier/2)).",
      access: "researcher",
      body: createStudySchema,
      responses: { 201: "`{id, key, url}`", 400: ERROR },
    },
    get: {
      tag: "Studies",
      summary: "List the project's studies",
      access: "researcher",
      responses: { 200: listOf("studies `{id, key, url, name, settings, closed, ...}`") },
    },
  },
  "/api/v1/studies/{id}": {
    get: {
      tag: "Studies",
      summary: "A study, its state and counts",
      description:
        "Counts: started, consented, in training, failed training, labelling, finished, timed out, median seconds per item, attention failures, base and bonus totals.",
      access: "researcher",
      responses: { 200: "`{id, key, url, name, settings, closed, counts}`", 404: ERROR },
    },
    patch: {
      tag: "Studies",
      summary: "Close or reopen a study's link",
      description: "A closed link takes no new participants; those already in may finish.",
      access: "researcher",
      body: updateStudySchema,
      responses: { 200: "The study", 404: ERROR },
    },
  },
  "/api/v1/studies/{id}/payments": {
    get: {
      tag: "Studies",
      summary: "What each participant is owed",
      description:
        "`json`: one row per participant (participant and platform ids, status, items, minutes, base, bonus, attention checks and failures, practice and gold calibration). `csv`: Prolific's bulk bonus format, one `participant id,amount` line per participant with a bonus, no header.",
      access: "researcher",
      query: queryFrom(paymentsQuerySchema),
      responses: {
        200: { description: "JSON rows, or the bulk bonus CSV", contentType: "text/csv" },
        404: ERROR,
      },
    },
  },
  "/api/v1/studies/{id}/participant": {
    post: {
      tag: "Study participants",
      summary: "Enter a study (or resume)",
      description:
        "With the link's key and the platform's parameters. Creates the participant bound to that platform id (no account) and sets a signed cookie for this study; 200 when resuming. An id in an active session elsewhere gets 409 until that session has been idle for two minutes. Closed links take no new participants (410). Rate limited per address.",
      access: "public",
      body: enterStudySchema,
      responses: {
        201: "The participant's state",
        200: "Resumed: the participant's state",
        400: ERROR,
        409: ERROR,
        410: ERROR,
      },
    },
    get: {
      tag: "Study participants",
      summary: "The participant's state",
      access: "participant",
      responses: { 200: "`{status, quota, deadline, training, pay, progress, completion}`", 401: ERROR, 409: ERROR },
    },
  },
  "/api/v1/studies/{id}/participant/consent": {
    post: {
      tag: "Study participants",
      summary: "Give consent (recorded with its time)",
      access: "participant",
      body: consentSchema,
      responses: { 200: "The participant's state", 400: ERROR },
    },
  },
  "/api/v1/studies/{id}/participant/instructions": {
    post: {
      tag: "Study participants",
      summary: "Instructions read: on to practice or labelling",
      access: "participant",
      responses: { 200: "The participant's state" },
    },
  },
  "/api/v1/studies/{id}/participant/next": {
    post: {
      tag: "Study participants",
      summary: "The next item or the completion",
      description:
        "`{kind: practice | attention | item, item}` (question and choices only; the same one again until answered) or `{kind: done, completion: {status, code, url}}` once the quota, the time limit or the practice round ends the study.",
      access: "participant",
      responses: { 200: "The next step", 409: ERROR },
    },
  },
  "/api/v1/studies/{id}/participant/answer": {
    post: {
      tag: "Study participants",
      summary: "Answer the item shown",
      description:
        "Practice answers get their feedback (right answer, Brier score, running Brier, explanation, outcome); real items count towards the quota and may return the completion.",
      access: "participant",
      body: submitAnnotationSchema,
      responses: { 200: "`{kind, ...}`", 400: ERROR, 404: ERROR, 409: ERROR },
    },
  },
  "/api/v1/studies/{id}/participant/skip": {
    post: {
      tag: "Study participants",
      summary: "Skip the leased real item",
      access: "participant",
      body: skipSchema,
      responses: { 204: "Skipped", 409: ERROR },
    },
  },
  "/api/v1/studies/{id}/participant/flag": {
    post: {
      tag: "Study participants",
      summary: "Flag a real item for the researchers",
      access: "participant",
      body: flagSchema,
      responses: { 204: "Flagged", 404: ERROR },
    },
  },
  "/api/v1/openapi.json": {
    get: {
      tag: "Meta",
      summary: "This OpenAPI document",
      access: "public",
      responses: { 200: { description: "OpenAPI 3.1", contentType: "application/json" } },
    },
  },
};

const ACCESS_TEXT: Record<Operation["access"], string> = {
  public: "No authentication.",
  "signed in": "Any signed-in user (session cookie or Bearer token).",
  admin: "Admins only.",
  annotator: "Members of the project (annotator and up). Non-members get 404.",
  researcher: "Researchers and owners of the project. Non-members get 404.",
  owner: "Owners of the project. Non-members get 404.",
  participant:
    "A study participant: the signed study cookie set on entry (no account); accounts and API tokens are not participants.",
};

function pathParams(path: string): Param[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: "path",
    required: true,
    schema: { type: "string" },
  }));
}

function responseObject(value: Operation["responses"][string]) {
  if (typeof value === "string")
    return {
      description: value,
      ...(/^(204|Error)/.test(value) ? {} : { content: { "application/json": { schema: { type: "object" } } } }),
    };
  return { description: value.description, content: { [value.contentType]: { schema: value.schema ?? {} } } };
}

export function openApiDocument() {
  const paths: Record<string, Json> = {};
  for (const [path, methods] of Object.entries(operations)) {
    const item: Json = {};
    for (const [method, op] of Object.entries(methods) as [Method, Operation][]) {
      const body = op.body
        ? "contentType" in op.body
          ? {
              required: true,
              description: op.body.description,
              content: { [op.body.contentType]: { schema: { type: "string", contentMediaType: op.body.contentType } } },
            }
          : { required: true, content: { "application/json": { schema: schemaOf(op.body) } } }
        : undefined;
      item[method] = {
        tags: [op.tag],
        summary: op.summary,
        description: [op.description, `Access: ${ACCESS_TEXT[op.access]}`].filter(Boolean).join("\n\n"),
        operationId: `${method}${path
          .replace(/^\/api\/v1/, "")
          .replace(/[{}]/g, "")
          .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
        parameters: [...pathParams(path), ...(op.query ?? [])],
        ...(body ? { requestBody: body } : {}),
        responses: Object.fromEntries(
          Object.entries(op.responses).map(([status, value]) => [status, responseObject(value)]),
        ),
        ...(op.access === "public"
          ? { security: [] }
          : op.access === "participant"
            ? { security: [{ studyParticipant: [] }] }
            : {}),
      };
    }
    paths[path] = item;
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
    tags: [
      "Accounts",
      "Projects",
      "Items",
      "Annotation",
      "Hardness",
      "Splits",
      "Studies",
      "Study participants",
      "Admin",
      "Meta",
    ].map((name) => ({
      name,
    })),
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
