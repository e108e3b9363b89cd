"use client";
import { useEffect, useRef } from "react";
import { ActiveTime } from "@/lib/annotations/active-time";

const EVENTS = ["keydown", "pointerdown", "pointermove", "input", "wheel"] as const;

/**
 * Active time on the item: input and visibility feed the timer; idle stretches over 60 s are cut. Returns a function
 * giving the milliseconds so far, on top of `carried` (the time a restored draft had already spent).
 */
export function useActiveTime(carried: number): () => number {
  const timer = useRef<ActiveTime | null>(null);
  useEffect(() => {
    const t = new ActiveTime(performance.now());
    timer.current = t;
    const active = () => t.activity(performance.now());
    const visibility = () =>
      document.visibilityState === "hidden" ? t.hidden(performance.now()) : t.activity(performance.now());
    for (const ev of EVENTS) window.addEventListener(ev, active, { passive: true });
    document.addEventListener("visibilitychange", visibility);
    return () => {
      for (const ev of EVENTS) window.removeEventListener(ev, active);
      document.removeEventListener("visibilitychange", visibility);
    };
  }, []);
  return () => carried + (timer.current?.elapsed(performance.now()) ?? 0);
}
