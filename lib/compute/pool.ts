/**
 * The worker pool for heavy statistics (piscina). The request path only loads data and waits: bootstrap intervals,
 * correlation matrices, SGR/PGR intervals, crowd-model fits and the hardness table's assembly run on worker threads,
 * with typed arrays moved (transferred), not serialized. Each task has a wall-clock deadline, queueing included; past it
 * the task is aborted, which terminates its worker (piscina starts a fresh one), so cancelled work really stops.
 */
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { env } from "@/lib/env";
import { UnavailableError } from "@/lib/errors";
import type { Task, TaskResult } from "./tasks";

// Loaded by path at run time, outside the bundle: the app runs from its root in `next start`, the CLI and tests.
const ENTRY = path.join(process.cwd(), "lib/compute/worker-entry.mjs");
// Waiting tasks beyond this are refused at once (503) instead of piling up behind long ones.
const MAX_QUEUE = 16;

const globalPool = globalThis as unknown as { __hardlabCompute?: Piscina };

function pool(): Piscina {
  return (globalPool.__hardlabCompute ??= new Piscina({
    filename: pathToFileURL(ENTRY).href,
    minThreads: 1,
    // One per core: the workers run at the lowest CPU priority (worker-entry.mjs), so they take only what requests leave.
    maxThreads: env.HARDLAB_COMPUTE_THREADS ?? os.availableParallelism(),
    maxQueue: MAX_QUEUE,
    idleTimeout: 60_000,
    // Worker output must not keep a finished CLI or test process alive.
    atomics: "disabled",
  }));
}

export type RunOptions = {
  /** Milliseconds from now (default HARDLAB_COMPUTE_DEADLINE_MS). */
  deadlineMs?: number;
  /** What to lower when the deadline passes, e.g. "lower bootstrap or measures". */
  lower?: string;
  /**
   * Buffers moved to the worker instead of copied (they become unusable here): only arrays made for this task or handed
   * back by it.
   */
  transfer?: ArrayBuffer[];
};

/** Runs a task on a worker thread; a 503 when the queue is full or the deadline passes (the worker is stopped). */
export async function compute<T extends Task>(task: T, options: RunOptions = {}): Promise<TaskResult<T>> {
  const deadlineMs = options.deadlineMs ?? env.HARDLAB_COMPUTE_DEADLINE_MS;
  const signal = AbortSignal.timeout(deadlineMs);
  try {
    return (await pool().run(task, { signal, transferList: options.transfer })) as TaskResult<T>;
  } catch (e) {
    if (signal.aborted) {
      const seconds = Math.round(deadlineMs / 100) / 10;
      throw new UnavailableError(
        `The computation did not finish within ${seconds} s and was stopped` +
          (options.lower ? `; ${options.lower}, or try again when the server is less busy` : ""),
        10,
      );
    }
    if (e instanceof Error && /queue is at limit/i.test(e.message))
      throw new UnavailableError("The statistics workers are busy; try again shortly", 5);
    throw e;
  }
}

/** Stops the pool's threads (tests and benches end cleanly). */
export async function closeComputePool(): Promise<void> {
  const current = globalPool.__hardlabCompute;
  globalPool.__hardlabCompute = undefined;
  await current?.destroy();
}
