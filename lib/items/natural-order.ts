const numeric = new Intl.Collator("en", { numeric: true, sensitivity: "variant" }).compare;

/**
 * Orders item ids as people read them: digit runs compare as numbers, so biology-2 comes before biology-10 and
 * q9 before q10. A fixed locale keeps the order the same on every server; ids the collator deems equal (q01, q1)
 * fall back to code-unit order, so the order is total.
 */
export function compareIds(a: string, b: string): number {
  return numeric(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
