/** Counting and checking text the way the hardness measures and the database need it. */

/** Whitespace-separated word count (Python's `len(s.split())`, which the easy-to-hard paper used). */
export function countWords(text: string): number {
  // A character loop: this runs once per imported row, and a global regex match allocates every word.
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = isPythonWhitespace(text.charCodeAt(i));
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** What Python's str.split() splits on: ASCII whitespace, the separators U+001C-U+001F, and Unicode spaces. */
function isPythonWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Length in Unicode code points, so an emoji or a CJK extension character counts once, as in Python. */
export function codePointLength(text: string): number {
  let surrogatePairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        surrogatePairs++;
        i++;
      }
    }
  }
  return text.length - surrogatePairs;
}

const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * PostgreSQL text and jsonb reject NUL characters and unpaired surrogates (which JSON escapes such as
 * "\u0000" or "\ud800" can produce), so such rows are rejected here rather than failing a whole import.
 */
export function isStorableText(text: string): boolean {
  // The plain character class is cheap; the exact test with lookarounds runs only on text with NUL or a surrogate.
  return !MAYBE_UNSTORABLE.test(text) || !UNSTORABLE.test(text);
}

const MAYBE_UNSTORABLE = /[\0\ud800-\udfff]/;

/** Metadata nesting allowed: deeper values would overflow recursive readers (this module's, PostgreSQL's jsonb). */
export const MAX_METADATA_DEPTH = 64;

/** Whether a parsed JSON value nests deeper than `limit`; iterative, as the value may be 100,000 levels deep. */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth >= limit) return true;
    for (const inner of Array.isArray(v) ? v : Object.values(v)) stack.push([inner, depth + 1]);
  }
  return false;
}

/** isStorableText for every string and key inside a JSON value (nested at most MAX_METADATA_DEPTH deep). */
export function isStorableValue(value: unknown): boolean {
  if (typeof value === "string") return isStorableText(value);
  if (Array.isArray(value)) {
    for (const inner of value) if (!isStorableValue(inner)) return false;
    return true;
  }
  if (value !== null && typeof value === "object") {
    for (const key in value) {
      if (!isStorableText(key) || !isStorableValue((value as Record<string, unknown>)[key])) return false;
    }
  }
  return true;
}

export const UNSTORABLE_MESSAGE = "contains a NUL character or an unpaired surrogate, which cannot be stored";
