/**
 * The one adapter from generated chunks to a response body. Pull-based, so a slow client slows the producer (and
 * its database reads) down; cancelling the response closes the generator.
 */
export function toWebStream(
  chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator: Iterator<string | Uint8Array> | AsyncIterator<string | Uint8Array> =
    Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
  return new ReadableStream({
    async pull(controller) {
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === "string" ? encoder.encode(value) : value);
    },
    async cancel() {
      await iterator.return?.(undefined);
    },
  });
}
