import { jsonlItemSchema, toItemEvent } from "../item-schema";
import { parseJsonlRows } from "../jsonl-rows";
import type { ByteSource, ItemEvent } from "../types";

/** Generic JSON Lines: one jsonlItemSchema object per line. */
export function parseJsonlItems(body: ByteSource): AsyncGenerator<ItemEvent> {
  return parseJsonlRows(body, jsonlItemSchema, toItemEvent);
}
