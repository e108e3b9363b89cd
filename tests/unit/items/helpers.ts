/** Test helpers: feeding bytes to the parsers the way uploads arrive, in chunks of any size. */

const encoder = new TextEncoder();

export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** An async byte stream of `data`, cut into chunks of `size` bytes (or cycling through several sizes). */
export async function* chunks(
  data: Uint8Array,
  size: number | readonly number[] = data.length || 1,
): AsyncGenerator<Uint8Array> {
  const sizes = typeof size === "number" ? [size] : size;
  let turn = 0;
  for (let pos = 0; pos < data.length;) {
    const length = Math.max(1, sizes[turn++ % sizes.length]);
    yield data.slice(pos, pos + length);
    pos += length;
  }
}

export function source(text: string | Uint8Array, size?: number | readonly number[]): AsyncGenerator<Uint8Array> {
  return chunks(typeof text === "string" ? bytes(text) : text, size);
}

export async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) all.push(event);
  return all;
}

export function errorsOf<T extends object>(events: readonly T[]): string[] {
  return events.flatMap((event) => ("error" in event ? [String(event.error)] : []));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
