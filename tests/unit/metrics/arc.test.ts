import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { correlationMatrix, PAPER_CUTOFFS, thresholdPartition } from "@/lib/metrics";
import { fixturePath } from "@/tests/helpers/fixtures";

/** Real ARC hardness annotations (Hase et al. 2024) and the statistics their SOURCE.md says they must reproduce. */
const folder = fixturePath("arc_hardness_annotations");
const source = readFileSync(path.join(folder, "SOURCE.md"), "utf8");
type Row = { grade: string; bloom: string; depth_of_knowledge: string; difficulty: string };
const rows: Row[] = Object.values(
  JSON.parse(readFileSync(path.join(folder, "arc-challenge-easy-annotations.json"), "utf8")),
);

// Encodings from the paper's utils/data_utils.py, as SOURCE.md describes them.
const BLOOM = ["Remembering", "Understanding", "Applying", "Analyzing", "Evaluating"];
const LEVEL = ["Low", "Medium", "High"];
const DOK = ["I", "II", "III"];
const encode = (list: readonly Row[]) => ({
  grade: Float64Array.from(list, (r) => (/^Grade \d+$/.test(r.grade) ? Number(r.grade.slice(6)) : NaN)),
  difficulty: Float64Array.from(list, (r) => LEVEL.indexOf(r.difficulty) + 1),
  bloom: Float64Array.from(list, (r) => BLOOM.indexOf(r.bloom) + 1),
  dok: Float64Array.from(list, (r) => DOK.indexOf(r.depth_of_knowledge) + 1),
});
const NAMES = ["grade", "difficulty", "bloom", "dok"] as const;
const LABEL: Record<string, (typeof NAMES)[number]> = {
  grade: "grade",
  difficulty: "difficulty",
  bloom: "bloom",
  DoK: "dok",
};
const number = (text: string) => Number(text.replace(/,/g, ""));

/** The upper triangle of SOURCE.md's Spearman table, as [row, column, rho]. */
function tableFigures(): [string, string, number][] {
  const lines = source.split("\n").filter((l) => l.startsWith("|"));
  const header = lines[0]
    .split("|")
    .map((c) => c.trim())
    .slice(2, -1);
  return lines.slice(2).flatMap((line) => {
    const [row, ...cells] = line
      .split("|")
      .map((c) => c.trim())
      .slice(1, -1);
    return cells.flatMap((cell, j) =>
      cell && cell !== "1" ? [[LABEL[row], LABEL[header[j]], Number(cell)] as [string, string, number]] : [],
    );
  });
}

describe("ARC hardness annotations (SOURCE.md figures)", () => {
  const all = encode(rows);
  const graded = encode(rows.filter((r) => /^Grade \d+$/.test(r.grade)));

  test("has the stated number of rows with a numeric grade", () => {
    expect(rows.length).toBe(5120);
    expect(graded.grade.length).toBe(number(source.match(/Rows with a numeric grade: ([\d,]+)/)![1]));
  });

  test("reproduces the Spearman table on the rows with a numeric grade to 3 decimals", () => {
    const m = correlationMatrix(
      NAMES.map((k) => graded[k]),
      "spearman",
    );
    const figures = tableFigures();
    expect(figures.length).toBe(6);
    for (const [a, b, rho] of figures) {
      const [i, j] = [NAMES.indexOf(a as never), NAMES.indexOf(b as never)];
      expect(m.rho[i * 4 + j]).toBeCloseTo(rho, 3);
      expect(m.n[i * 4 + j]).toBe(4521);
    }
  });

  test("reproduces the all-rows figures, grade correlations pairwise-complete", () => {
    const m = correlationMatrix(
      NAMES.map((k) => all[k]),
      "spearman",
    );
    const figures = [...source.matchAll(/(difficulty|bloom|DoK)–(difficulty|bloom|DoK) (-?\d\.\d+)/g)];
    expect(figures.length).toBe(3);
    for (const [, a, b, rho] of figures) {
      const [i, j] = [NAMES.indexOf(LABEL[a]), NAMES.indexOf(LABEL[b])];
      expect(m.rho[i * 4 + j]).toBeCloseTo(Number(rho), 3);
      expect(m.n[i * 4 + j]).toBe(5120);
    }
    for (const [, b, rho] of tableFigures().filter(([a]) => a === "grade")) {
      const j = NAMES.indexOf(b as never);
      expect(m.rho[j]).toBeCloseTo(rho, 3);
      expect(m.n[j]).toBe(4521);
    }
  });

  test("reproduces the easy/hard counts with the paper's cut-offs", () => {
    const cutoffs = {
      grade: PAPER_CUTOFFS.arcGrade,
      difficulty: PAPER_CUTOFFS.arcDifficulty,
      bloom: PAPER_CUTOFFS.arcBloom,
    };
    for (const [measure, cut] of Object.entries(cutoffs)) {
      const [, easy, hard] = source.match(new RegExp(`- ${measure}: easy ([\\d,]+), hard ([\\d,]+)`))!;
      const parts = thresholdPartition(graded[measure as keyof typeof graded], cut);
      expect(parts.filter((p) => p === "easy").length).toBe(number(easy));
      expect(parts.filter((p) => p === "hard").length).toBe(number(hard));
    }
  });

  test("matches the stated cut-offs of globals.py", () => {
    for (const [measure, key] of [
      ["grade", "arcGrade"],
      ["difficulty", "arcDifficulty"],
      ["bloom", "arcBloom"],
    ] as const) {
      const [, easy, hard] = source.match(new RegExp(`${measure} easy <=(\\d+), hard >=(\\d+)`))!;
      expect(PAPER_CUTOFFS[key]).toEqual({ easyMax: Number(easy), hardMin: Number(hard) });
    }
  });
});
