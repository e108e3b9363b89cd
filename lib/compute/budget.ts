/**
 * Compute budgets for heavy statistics. A request's cost is estimated before any work starts, in compute units (about
 * a nanosecond of one core each, from timings of the code on this kind of machine). Above the per-request
 * limit the request is refused with a 422 that says what to lower; below it, the caller's allowance is charged, so a
 * new seed (which misses the result cache) is not a free way to keep the workers busy.
 */
import { env } from "@/lib/env";
import { RateLimitedError, UnprocessableError } from "@/lib/errors";

export type ComputeCost = {
  units: number;
  /** What was asked, e.g. "Kendall correlations of 30 measures with bootstrap=10000". */
  request: string;
  /** What to lower, e.g. "lower bootstrap or measures". */
  lower: string;
  /** Suggestions computed from the limit, e.g. "bootstrap=1200 fits". */
  hint?: (limit: number) => string | undefined;
};

/**
 * The CPU an endpoint may spend per request (its declaration's `compute`, lib/api/endpoint.ts): a class, or
 * milliseconds. Carried to the handler for the worker pool.
 */
export type ComputeBudget = number | "light" | "heavy";

/** Who asks, and the budget their endpoint declares. */
export type ComputeRequest = { caller: string; budget?: ComputeBudget };

/**
 * Units one request may need: "heavy" is HARDLAB_COMPUTE_UNITS, "light" a fiftieth of it, a number is milliseconds of
 * one core (a unit being about a nanosecond).
 */
export function computeLimit(budget: ComputeBudget = "heavy"): number {
  if (typeof budget === "number") return budget * 1e6;
  return budget === "light" ? env.HARDLAB_COMPUTE_UNITS / 50 : env.HARDLAB_COMPUTE_UNITS;
}

/** A caller may spend this many requests' worth of the limit at once, then a request's worth per REFILL_MS. */
const BURST = 3;
const REFILL_MS = 10_000;

type Allowance = { units: number; at: number };
const globalAllowances = globalThis as unknown as { __hardlabComputeAllowance?: Map<string, Allowance> };
const allowances = (globalAllowances.__hardlabComputeAllowance ??= new Map<string, Allowance>());

const round = (units: number) => {
  const exponent = Math.floor(Math.log10(Math.max(units, 1)));
  const digits = Math.round(units / 10 ** (exponent - 1)) / 10;
  return exponent < 3 ? String(Math.round(units)) : `${digits}e${exponent}`;
};

/** Throws a 422 when the cost is over the per-request limit; nothing is charged or started then. */
export function checkBudget(cost: ComputeCost, limit = computeLimit()): void {
  if (cost.units <= limit) return;
  const hint = cost.hint?.(limit);
  throw new UnprocessableError(
    `${cost.request} needs ~${round(cost.units)} compute units; the limit is ${round(limit)}; ${cost.lower}` +
      (hint ? ` (${hint})` : ""),
    { units: Math.ceil(cost.units), limit },
  );
}

/**
 * Checks the budget, then charges the caller's allowance (a token bucket: BURST requests' worth of the limit, refilled
 * at one limit per REFILL_MS). An empty allowance is a 429 with Retry-After.
 */
export function admit({ caller, budget }: ComputeRequest, cost: ComputeCost, now = Date.now()): void {
  const limit = computeLimit(budget);
  checkBudget(cost, limit);
  const capacity = BURST * limit;
  const previous = allowances.get(caller) ?? { units: capacity, at: now };
  const available = Math.min(capacity, previous.units + ((now - previous.at) / REFILL_MS) * limit);
  if (available < cost.units) {
    const wait = Math.ceil((((cost.units - available) / limit) * REFILL_MS) / 1000);
    throw new RateLimitedError(
      `Too much computation in a short time: ${cost.request} can start in ${wait} s (results already computed are served at once)`,
      wait,
    );
  }
  allowances.set(caller, { units: available - cost.units, at: now });
  if (allowances.size > 10_000) allowances.delete(allowances.keys().next().value!);
}
