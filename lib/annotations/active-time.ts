/** Longest pause without input that still counts as working on the item. */
export const IDLE_AFTER_MS = 60_000;

/**
 * Time on item without idle periods: the time between two signals (input, or the page becoming visible) counts in
 * full when the gap is at most IDLE_AFTER_MS, otherwise only IDLE_AFTER_MS of it counts; hidden periods never count.
 * Pure and clock-free so it can be tested; the form feeds it `performance.now()` readings.
 */
export class ActiveTime {
  private total = 0;
  private last: number | null;

  constructor(now: number) {
    this.last = now;
  }

  /** Input or focus at time `now`. */
  activity(now: number) {
    this.settle(now);
    this.last = now;
  }

  /** The page was hidden at `now`: time until the next visibility does not count. */
  hidden(now: number) {
    this.settle(now);
    this.last = null;
  }

  /** Active milliseconds up to `now`. */
  elapsed(now: number): number {
    return Math.round(this.total + (this.last === null ? 0 : Math.min(Math.max(now - this.last, 0), IDLE_AFTER_MS)));
  }

  private settle(now: number) {
    if (this.last !== null) this.total += Math.min(Math.max(now - this.last, 0), IDLE_AFTER_MS);
  }
}
