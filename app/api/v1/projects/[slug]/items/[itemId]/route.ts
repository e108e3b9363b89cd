import { endpoint, projectRole } from "@/lib/api/endpoint";
import { db } from "@/lib/db";
import { NotFoundError } from "@/lib/errors";
import { itemDetail } from "@/lib/items/detail";

export const GET = endpoint({
  method: "GET",
  path: "/api/v1/projects/[slug]/items/[itemId]",
  access: projectRole("RESEARCHER"),
  rateLimit: "api",
  doc: { tag: "Items", summary: "One item with its annotations", responses: { 200: "The item", 404: "Error" } },
  handler: async ({ project, params }) => {
    const item = await itemDetail(await db(), project.id, params.itemId);
    if (!item) throw new NotFoundError("Item not found");
    return item;
  },
});
