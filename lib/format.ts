/**
 * How every page writes numbers and dates. Figures (measures, scores, shares) use a fixed decimal point, so a value
 * reads the same on the page, in the CSV and in a paper; counts are grouped; dates follow the reader's locale (see
 * components/ui/LocalTime for the browser side). A missing value is an en dash.
 */

export const MISSING = "–";

const finite = (x: number | null | undefined): x is number => typeof x === "number" && Number.isFinite(x);

/** A figure with a fixed number of decimals: 0.1234 → "0.123". */
export function decimal(x: number | null | undefined, digits = 2): string {
  return finite(x) ? x.toFixed(digits) : MISSING;
}

/** A share in [0, 1] as a percentage: 0.256 → "26%" (digits = 1: "25.6%"). */
export function percent(x: number | null | undefined, digits = 0): string {
  return finite(x) ? `${(x * 100).toFixed(digits)}%` : MISSING;
}

/** A count with thousands separators: 12345 → "12,345". */
export function count(n: number): string {
  return n.toLocaleString("en");
}

/** A count and its noun, singular for exactly one: "1 problem row", "3 problem rows". */
export function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count(n)} ${n === 1 ? singular : pluralForm}`;
}

/** A measure value in a table cell: integers as they are, others to three decimals, missing as empty. */
export function measure(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : decimal(v, 3);
  return v === null || v === undefined ? "" : String(v);
}

/**
 * An axis tick: as many decimals as the value needs, up to `maxDigits` (0.25 → "0.25", 0.5 → "0.5", 3 → "3",
 * 1/3 → "0.333"). Rounding a tick to fewer digits than its step misreads the axis (0.25 shown as "0.3").
 */
export function tick(x: number, maxDigits = 3): string {
  if (!Number.isFinite(x)) return MISSING;
  const rounded = Number(x.toFixed(maxDigits));
  return String(Object.is(rounded, -0) ? 0 : rounded);
}

const dateStyles = {
  date: { dateStyle: "medium" },
  dateTime: { dateStyle: "medium", timeStyle: "short" },
  // Chart axes: a day, or a day and hour, without the year.
  day: { month: "short", day: "numeric" },
  hour: { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
export type DateStyle = keyof typeof dateStyles;

/** A date (or date and time) in the given locale and time zone; undefined means the runtime's own. */
export function date(
  value: Date | string | number,
  style: DateStyle = "date",
  locale?: string,
  timeZone?: string,
): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return MISSING;
  return new Intl.DateTimeFormat(locale, { ...dateStyles[style], timeZone }).format(d);
}
