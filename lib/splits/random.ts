/** Seeded draws for split recipes: the same recipe, seed and data give the same split on every machine. */
import { mulberry32 } from "@/lib/metrics";

/** FNV-1a of a purpose string, mixed into the seed so each draw (test, validation) has its own stream. */
function salt(purpose: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A PRNG for one purpose of one recipe, so changing the validation fraction leaves the test draw alone. */
export const drawStream = (seed: number, purpose: string) => mulberry32((seed ^ salt(purpose)) | 0);

/** Fisher-Yates shuffle in place. */
export function shuffle<T>(values: T[], random: () => number): T[] {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
  return values;
}
