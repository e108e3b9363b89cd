/**
 * Positions of ids that arrive as one long delimited string (500,000 comma-separated item ids from the hardness load).
 * Splitting that string and asking a Map creates and hashes a new string per id, which costs about 0.5 µs each; this
 * table hashes and compares the characters in place, so a lookup allocates nothing. Open addressing, linear probing.
 */
export class IdIndex {
  private slots: Int32Array;
  private mask: number;
  readonly ids: string[] = [];

  constructor(ids: Iterable<string> = [], expected = 16) {
    const size = 1 << Math.ceil(Math.log2(Math.max(16, 2 * expected)));
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (const id of ids) this.add(id);
  }

  /** The position of `id`, adding it at the end when absent. */
  add(id: string): number {
    const found = this.find(id, 0, id.length);
    if (found >= 0) return found;
    this.ids.push(id);
    if (2 * this.ids.length > this.slots.length) this.grow();
    else this.place(this.ids.length - 1);
    return this.ids.length - 1;
  }

  /** The position of the id spelled by text[from, to), or -1. */
  find(text: string, from: number, to: number): number {
    let slot = hashRange(text, from, to) & this.mask;
    for (;;) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      if (sameRange(this.ids[entry - 1], text, from, to)) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  private place(position: number) {
    const id = this.ids[position];
    let slot = hashRange(id, 0, id.length) & this.mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & this.mask;
    this.slots[slot] = position + 1;
  }

  private grow() {
    this.slots = new Int32Array(this.slots.length * 2);
    this.mask = this.slots.length - 1;
    for (let position = 0; position < this.ids.length; position++) this.place(position);
  }
}

/**
 * The positions of the `count` ids in a list joined by the one-character `separator` (-1 for ids not in `index`; with
 * `add`, absent ids are added instead).
 */
export function resolveDelimited(
  index: IdIndex,
  text: string,
  count: number,
  separator: string,
  add = false,
): Int32Array {
  const out = new Int32Array(count);
  const length = text.length;
  let from = 0;
  for (let k = 0; k < count; k++) {
    if (from > length) throw new Error(`expected ${count} ids in the list, found ${k}`);
    let to = text.indexOf(separator, from);
    if (to === -1) to = length;
    const found = index.find(text, from, to);
    out[k] = found >= 0 || !add ? found : index.add(text.slice(from, to));
    from = to + 1;
  }
  if (count > 0 && from !== length + 1) throw new Error(`expected ${count} ids in the list`);
  return out;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units. */
function hashRange(text: string, from: number, to: number): number {
  let h = FNV_OFFSET;
  for (let c = from; c < to; c++) h = Math.imul(h ^ text.charCodeAt(c), FNV_PRIME);
  return h >>> 0;
}

function sameRange(id: string, text: string, from: number, to: number): boolean {
  if (id.length !== to - from) return false;
  for (let c = 0; c < id.length; c++) if (id.charCodeAt(c) !== text.charCodeAt(from + c)) return false;
  return true;
}
