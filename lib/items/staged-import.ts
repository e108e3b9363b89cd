import "server-only";
import type { Prisma } from "@prisma/client";
import type { Db } from "@/lib/db";
import type { RowError } from "./types";

/** Shared by every all-or-nothing import (questions, labels, model scores). */
export const MAX_REPORTED_ERRORS = 50;
const IMPORT_TIMEOUT_MS = 30 * 60_000;

/** Thrown inside an import's transaction to roll it back with the row errors to report. */
export class RejectedImport extends Error {
  constructor(public errors: RowError[]) {
    super("import rejected");
  }
}

type RowEventLike<T> = T | { line: number; error: string };

/**
 * Splits a parser's events: valid rows flow on (`rows`) until the first error; after it, events are only read to
 * collect up to 50 row errors (`state.errors`). `state.total` counts the valid rows.
 */
function splitEvents<T extends { line: number }>(events: AsyncIterable<RowEventLike<T>>) {
  const state = { errors: [] as RowError[], total: 0 };
  async function* rows(): AsyncGenerator<T> {
    for await (const event of events) {
      if ("error" in event) {
        state.errors.push({ line: event.line, error: event.error });
        if (state.errors.length >= MAX_REPORTED_ERRORS) return;
        continue;
      }
      state.total++;
      if (state.errors.length === 0) yield event;
    }
  }
  return { state, rows: rows() };
}

/**
 * Passes the valid rows to `flush` in batches (staging them, typically into a temporary table) and rejects the import
 * when any row was invalid. Returns the number of valid rows.
 */
export async function stageInBatches<T extends { line: number }>(
  events: AsyncIterable<RowEventLike<T>>,
  size: number,
  flush: (batch: T[]) => Promise<unknown>,
): Promise<number> {
  const { state, rows } = splitEvents(events);
  let batch: T[] = [];
  for await (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      await flush(batch);
      batch = [];
    }
  }
  if (state.errors.length > 0) throw new RejectedImport(state.errors);
  if (batch.length > 0) await flush(batch);
  return state.total;
}

/** Runs an import in one transaction; a RejectedImport rolls it back and becomes `rejected(errors)`. */
export async function allOrNothing<R>(
  prisma: Db,
  work: (tx: Prisma.TransactionClient) => Promise<R>,
  rejected: (errors: RowError[]) => R,
): Promise<R> {
  try {
    return await prisma.$transaction(work, { timeout: IMPORT_TIMEOUT_MS, maxWait: 30_000 });
  } catch (e) {
    if (e instanceof RejectedImport) return rejected(e.errors);
    throw e;
  }
}

/** The error of an import whose file holds no rows (empty, only a header, only blank lines): a mistake, not a success. */
export const EMPTY_FILE =
  "The file holds no rows: nothing was imported. Check that you chose the right file and format.";
