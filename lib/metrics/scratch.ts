/**
 * Reusable work buffers for the hot loops. A fresh typed array costs a zero-fill and page faults (about 0.5 ms per
 * MB), more than a linear pass over it, so temporaries come from per-slot buffers that only ever grow. Contents are
 * left over from earlier calls: callers write before they read. Each temporary that can be live at the same time as
 * another has its own slot.
 */

/** Int32 scratch slots by use. */
export const INT32_SLOT = {
  radixHigh: 0,
  radixLow: 1,
  radixHighSwap: 2,
  radixIndexSwap: 3,
  groupEnds: 4,
  decimalBucket: 5,
  kendallSequence: 6,
  kendallSegments: 7,
  mergeSwap: 8,
  mergeRuns: 9,
} as const;

/** Float64 scratch slots by use. */
export const FLOAT64_SLOT = {
  radixKeys: 0,
} as const;

const int32Slots: Int32Array[] = [];
const float64Slots: Float64Array[] = [];

/** An Int32Array view of the given length over scratch slot `slot`, with arbitrary contents. */
export function scratchInt32(slot: number, length: number): Int32Array {
  let buffer = int32Slots[slot];
  if (!buffer || buffer.length < length) buffer = int32Slots[slot] = new Int32Array(length);
  return buffer.subarray(0, length);
}

/** A Float64Array view of the given length over scratch slot `slot`, with arbitrary contents. */
export function scratchFloat64(slot: number, length: number): Float64Array {
  let buffer = float64Slots[slot];
  if (!buffer || buffer.length < length) buffer = float64Slots[slot] = new Float64Array(length);
  return buffer.subarray(0, length);
}
