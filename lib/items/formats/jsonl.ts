import { jsonlItemSchema, toItemEvent } from "../item-schema";
import { parseJsonlRows } from "../jsonl-rows";
import type { ByteSource, ItemEvent } from "../types";

/** Generic JSON Lines: one jsonlItemSchema object per line. */
export async function* parseJsonlItems(body: ByteSource): AsyncGenerator<ItemEvent> {
  for await (const event of parseJsonlRows(body, jsonlItemSchema)) yield toItemEvent(event);
}
