import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { API_TOKEN_LIMIT, takeToken } from "@/lib/auth/rate-limit";

/** Takes tokens until refused; the number granted. */
function drain(key: string, limit = API_TOKEN_LIMIT, cap = 10_000): number {
  let granted = 0;
  while (granted < cap && takeToken(key, limit) === null) granted++;
  return granted;
}

describe("API token bucket (600 requests a minute per token)", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
  });
  afterEach(() => vi.useRealTimers());

  test("the limit is 600 a minute", () => {
    expect(API_TOKEN_LIMIT).toEqual({ max: 600, windowMs: 60_000 });
  });

  test("a burst of 600 passes, the 601st waits one second", () => {
    expect(drain("burst")).toBe(600);
    // Refill is 600/60 s = 1 token per 100 ms: the wait for one token rounds up to 1 s.
    expect(takeToken("burst", API_TOKEN_LIMIT)).toBe(1);
  });

  test("tokens come back at 10 a second, and never beyond the bucket size", () => {
    drain("refill");
    vi.advanceTimersByTime(100);
    expect(takeToken("refill", API_TOKEN_LIMIT)).toBeNull();
    expect(takeToken("refill", API_TOKEN_LIMIT)).not.toBeNull();
    vi.advanceTimersByTime(3_000);
    expect(drain("refill")).toBe(30);
    vi.advanceTimersByTime(3_600_000);
    expect(drain("refill")).toBe(600);
  });

  test("each token has its own bucket", () => {
    drain("a");
    expect(takeToken("a", API_TOKEN_LIMIT)).not.toBeNull();
    expect(takeToken("b", API_TOKEN_LIMIT)).toBeNull();
  });

  test("the wait grows with the deficit: a small limit of 2 per 10 s", () => {
    const limit = { max: 2, windowMs: 10_000 };
    expect(drain("small", limit)).toBe(2);
    // One token takes 5 s to come back.
    expect(takeToken("small", limit)).toBe(5);
    vi.advanceTimersByTime(4_000);
    expect(takeToken("small", limit)).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(takeToken("small", limit)).toBeNull();
  });
});
