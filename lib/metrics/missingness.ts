/** Missing-value (NaN) patterns of measures, so measures observed on the same rows can share work. */

/** Measures sharing one missingness pattern: their rows are the same, so they are ranked and centred once. */
export interface PatternClass {
  readonly members: number[];
  /** 1 where the class's measures are present; null when nothing is missing. */
  readonly present: Uint8Array | null;
  readonly rows: number;
}

/** Groups measures (given their presence masks) into classes with identical masks, in order of first appearance. */
export function patternClasses(present: readonly (Uint8Array | null)[], len: number): PatternClass[] {
  const classes: PatternClass[] = [];
  present.forEach((mask, m) => {
    const same = classes.find((c) =>
      c.present === null || mask === null ? c.present === mask : c.present.every((v, i) => v === mask[i]),
    );
    if (same) same.members.push(m);
    else classes.push({ members: [m], present: mask, rows: mask === null ? len : mask.reduce((a, v) => a + v, 0) });
  });
  return classes;
}

/** 1 where x is present (not NaN), or null when nothing is missing. */
export function presence(x: ArrayLike<number>): Uint8Array | null {
  const mask = new Uint8Array(x.length);
  let missing = 0;
  for (let i = 0; i < x.length; i++) {
    mask[i] = x[i] === x[i] ? 1 : 0;
    missing += 1 - mask[i];
  }
  return missing > 0 ? mask : null;
}
