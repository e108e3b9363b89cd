import { readFileSync } from "node:fs";
import path from "node:path";

/** Real data copied into the repository with its source and licence (tests/fixtures/<dataset>/SOURCE.md). */
export const fixturePath = (...parts: string[]) => path.resolve(import.meta.dirname, "../fixtures", ...parts);

/** Reference values made with numpy/scipy by tests/reference/make_golden.py (re-run it to regenerate). */
export const goldenPath = path.resolve(import.meta.dirname, "../reference/metrics-golden.json");
export const readGolden = <T>(): T => JSON.parse(readFileSync(goldenPath, "utf8")) as T;
