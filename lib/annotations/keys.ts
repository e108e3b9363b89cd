/**
 * The keyboard grammar of the annotation form, as pure functions (the form and its tests share them). A label in a
 * handful of keys: a digit on the options puts 100% on one, `h` and two digits split half and half, and each rating
 * takes its number from one or two digits, after which the form moves to the next empty field.
 */

/** All mass on one option. */
export const allOn = (k: number, index: number) => Array.from({ length: k }, (_, i) => (i === index ? 1 : 0));

/** Half on each of two options. */
export const splitBetween = (k: number, a: number, b: number) =>
  Array.from({ length: k }, (_, i) => (i === a || i === b ? (a === b ? 1 : 0.5) : 0));

/** Rescales the shares to total 1, keeping their proportions (uniform when all are zero). */
export function normalize(p: readonly number[]): number[] {
  const total = p.reduce((s, x) => s + x, 0);
  return total > 0 ? p.map((x) => x / total) : p.map(() => 1 / p.length);
}

/**
 * Option `index` gets `share` (0..1) and the other options share the rest in their current proportions (equally when
 * they are all zero), so the label always totals 100%.
 */
export function setShare(p: readonly number[], index: number, share: number): number[] {
  const s = Math.min(1, Math.max(0, share));
  const others = p.reduce((sum, x, i) => (i === index ? sum : sum + x), 0);
  const rest = 1 - s;
  return p.map((x, i) =>
    i === index ? s : others > 0 ? (x / others) * rest : p.length > 1 ? rest / (p.length - 1) : 0,
  );
}

/** The option a key names on the options: 1-9, and 0 for the tenth; null for any other key or a missing option. */
export function optionForKey(key: string, k: number): number | null {
  if (!/^[0-9]$/.test(key)) return null;
  const index = key === "0" ? 9 : Number(key) - 1;
  return index < k ? index : null;
}

/**
 * Digits typed on a rating from `min` to `max`: the value so far (null when out of range) and whether another digit
 * could still change it (grade "1" may become 10-14, steps "2" may become 20), in which case the form waits briefly.
 */
export function readDigits(typed: string, min: number, max: number): { value: number | null; complete: boolean } {
  const n = Number(typed);
  const value = /^[0-9]+$/.test(typed) && n >= min && n <= max ? n : null;
  return { value, complete: value === null || n === 0 || n * 10 > max };
}

/** Confidence from one digit: 1-9 are 10%-90%, 0 is 100%. */
export const confidenceForKey = (key: string): number | null =>
  /^[0-9]$/.test(key) ? (key === "0" ? 1 : Number(key) / 10) : null;

/** Half on each of the two options with the largest shares (the first two when none stands out). */
export function splitTopTwo(p: readonly number[]): number[] {
  const order = p.map((x, i) => [x, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  return splitBetween(p.length, order[0][1], order[1][1]);
}
