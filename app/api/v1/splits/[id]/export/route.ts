import { endpoint } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { toWebStream } from "@/lib/api/stream";
import { exportContentTypes, exportFileName, exportSplit } from "@/lib/splits/export";
import { exportFormats, exportQuerySchema } from "@/lib/splits/schemas";
import { itemContentState } from "@/lib/splits/store";
import { splitResearcher } from "../access";

/**
 * Streams the split as jsonl, csv, parquet or a Hugging Face layout tar archive. Question texts and choices are read
 * from the items: x-split-items-changed says whether they differ from when this version was saved (unknown for
 * versions saved before that was recorded).
 */
export const GET = endpoint({
  method: "GET",
  path: "/api/v1/splits/[id]/export",
  access: splitResearcher,
  query: exportQuerySchema,
  audit: "splits.export",
  rateLimit: "api",
  compute: "heavy",
  doc: {
    tag: "Splits",
    summary: "Export a split",
    description: `Streamed. Columns: id, source, subject, question, choices, label, label_text, soft_label, partition, split (train/validation/test, the same as partition), hardness (easy/medium/hard under an easy-hard recipe's cut-offs, else null), then every hardness measure. \`hf\` is a tar archive in the Hugging Face datasets layout (README.md dataset card, hardlab.json, and train/validation/test.jsonl; for the \`easy-hard-protocol\` recipe one file per split and hardness bin, e.g. train-hard.jsonl, and one config per training condition easy, medium, hard and all, each tested on test-hard.jsonl). Formats: ${exportFormats.join(", ")}. Each export is recorded in the audit log. Question texts and choices are the items' current ones: the \`x-split-items-changed\` header (and \`itemContent\` in hardlab.json) says whether they changed since the version was saved.`,
    responses: { 200: { description: "The file", contentType: "application/octet-stream" }, 404: "Error" },
  },
  handler: async ({ resource: found, query: { format }, audit }) => {
    const prisma = await db();
    const split = { ...found, itemContent: await itemContentState(prisma, found) };
    await audit(
      { splitId: split.id, name: split.name, version: split.version, format },
      { projectId: split.projectId },
    );
    return new Response(toWebStream(exportSplit(prisma, split, format)), {
      headers: {
        "content-type": exportContentTypes[format],
        "content-disposition": `attachment; filename="${exportFileName(split, format)}"`,
        "x-split-hash": split.hash,
        "x-split-items-changed": split.itemContent.changed === null ? "unknown" : String(split.itemContent.changed),
      },
    });
  },
});
