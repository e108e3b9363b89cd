import { readFileSync } from "node:fs";
import path from "node:path";

/** Real data copied into the repository with its source and licence (tests/fixtures/<dataset>/SOURCE.md). */
export const fixturePath = (...parts: string[]) => path.resolve(import.meta.dirname, "../fixtures", ...parts);

/** Reference values made with numpy/scipy by tests/reference/make_golden.py (re-run it to regenerate). */
export const goldenPath = path.resolve(import.meta.dirname, "../reference/metrics-golden.json");
export const readGolden = <T>(): T => JSON.parse(readFileSync(goldenPath, "utf8")) as T;

/** One Spearman correlation a dataset's SOURCE.md states. */
export type StatedRho = { a: string; b: string; rho: number };

/** The Spearman table of a SOURCE.md, read from its text (not from the code under test): header row `| | grade | ...`. */
export function statedSpearmanTable(sourceMd: string): StatedRho[] {
  const lines = sourceMd.split("\n");
  const names = lines
    .find((l) => /^\|\s*\|\s*grade/.test(l))!
    .split("|")
    .slice(2, -1)
    .map((s) => s.trim());
  const table: StatedRho[] = [];
  for (const line of lines) {
    const cells = line
      .split("|")
      .slice(1, -1)
      .map((s) => s.trim());
    if (cells.length !== names.length + 1 || !names.includes(cells[0])) continue;
    cells.slice(1).forEach((cell, j) => {
      if (/^-?\d\.\d+$/.test(cell)) table.push({ a: cells[0], b: names[j], rho: Number(cell) });
    });
  }
  return table;
}
