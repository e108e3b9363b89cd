/** CSV as every export writes it: RFC 4180 with CRLF line ends, and no cell a spreadsheet would run as a formula. */
export const CSV_LINE_END = "\r\n";

// A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
const FORMULA_START = /^[=+\-@\t\r]/;
// Plain decimal numbers (GSM8K answers such as "-5") are harmless and kept as they are.
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One CSV cell. Numbers are written as numbers (a negative measure stays negative); lists and objects as JSON; text
 * that would start a formula gets a leading apostrophe and quotes, as OWASP advises; quotes are doubled and a cell
 * holding a comma, quote or line break is quoted.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) return `"'${text.replaceAll('"', '""')}"`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line with its line end. */
export const csvLine = (cells: readonly unknown[]) => cells.map(csvCell).join(",") + CSV_LINE_END;
