import { endpoint, json, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { createSplitSchema } from "@/lib/splits/schemas";
import { listSplits, saveSplit } from "@/lib/splits/store";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/splits",
  access: projectRole("RESEARCHER"),
  rateLimit: "api",
  doc: {
    tag: "Splits",
    summary: "Saved splits, every version",
    responses: { 200: "`{splits: [{id, name, version, hash, seed, recipe, counts, createdAt}]}`" },
  },
  handler: async ({ project }) => ({ splits: await listSplits(await db(), project.id) }),
});

/** Saves the recipe's rows on the current data as the next version of the named split (201), or 200 when unchanged. */
export const POST = endpoint({
  method: "POST",
  path: "/api/v1/projects/[slug]/splits",
  access: projectRole("RESEARCHER"),
  body: createSplitSchema,
  audit: "splits.create",
  rateLimit: "api",
  compute: "heavy",
  doc: {
    tag: "Splits",
    summary: "Save a split",
    description:
      "Runs the recipe on the current data and saves an immutable snapshot as the next version of `name`. If nothing changed since the newest version (same recipe, same content hash), that version is returned with 200.",
    responses: {
      201: "`{id, name, version, hash, counts, unchanged: false}`",
      200: "`{..., unchanged: true}`",
      400: "Error",
    },
  },
  handler: async ({ caller: { user }, project, body: input, audit }) => {
    const saved = await saveSplit(await db(), project.id, user, input);
    if (saved.created) await audit({ splitId: saved.id, name: saved.name, version: saved.version, hash: saved.hash });
    const { created, ...body } = saved;
    return json({ ...body, unchanged: !created }, created ? 201 : 200);
  },
});
