/** Counting and checking text the way the hardness measures and the database need it. */

/** Whitespace-separated word count (Python's `len(s.split())`, which the easy-to-hard paper used). */
export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
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
  return !UNSTORABLE.test(text);
}

/** isStorableText for every string and key inside a JSON value. */
export function isStorableValue(value: unknown): boolean {
  if (typeof value === "string") return isStorableText(value);
  if (Array.isArray(value)) return value.every(isStorableValue);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).every(([key, inner]) => isStorableText(key) && isStorableValue(inner));
  }
  return true;
}

export const UNSTORABLE_MESSAGE = "contains a NUL character or an unpaired surrogate, which cannot be stored";
