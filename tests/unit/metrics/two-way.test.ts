import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import {
  krippendorffAlphaResampled,
  krippendorffAlpha,
  krippendorffAlphaInterval,
  krippendorffAlphaTwoWayInterval,
  mulberry32,
} from "@/lib/metrics";
import { correlate, type TwoWaySource } from "@/lib/hardness/correlations";
import type { HardnessTable } from "@/lib/hardness";

/** Standard normal by Box-Muller from a seeded uniform stream. */
const normal = (random: () => number) => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/**
 * Units rated by a few coders each, with strong coder effects (each coder adds a fixed bias): which coders happened
 * to rate is a real source of variation that a units-only bootstrap holds fixed.
 */
function codedData(seed: number, units = 60, coders = 6, perUnit = 3) {
  const random = mulberry32(seed);
  const bias = Array.from({ length: coders }, () => 2 * normal(random));
  const unit: number[] = [];
  const coder: number[] = [];
  const value: number[] = [];
  for (let u = 0; u < units; u++) {
    const truth = 2 * normal(random);
    for (let j = 0; j < perUnit; j++) {
      const c = (u + j * 2) % coders;
      unit.push(u);
      coder.push(c);
      value.push(Math.round(truth + bias[c] + 0.5 * normal(random)));
    }
  }
  return {
    units,
    coders,
    unit: Int32Array.from(unit),
    coder: Int32Array.from(coder),
    value: Float64Array.from(value),
  };
}

const asUnits = (d: ReturnType<typeof codedData>) =>
  Array.from({ length: d.units }, (_, u) => Array.from(d.value.filter((_, e) => d.unit[e] === u)));

type GoldenCase = {
  level: "interval" | "nominal";
  units: number;
  coders: number;
  unit: number[];
  coder: number[];
  value: number[];
  unitWeight: number[];
  coderWeight: number[];
  alpha: number;
  alphaAsGiven: number;
};
const golden = JSON.parse(
  readFileSync(path.join(import.meta.dirname, "../../reference/two-way-golden.json"), "utf8"),
) as { cases: GoldenCase[] };

describe("two-way bootstrap of Krippendorff's alpha", () => {
  test.each(golden.cases.map((c, i) => ({ ...c, i })))(
    "one resample's alpha matches numpy on the expanded data (case $i, $level)",
    (c) => {
      const data = {
        units: c.units,
        coders: c.coders,
        unit: Int32Array.from(c.unit),
        coder: Int32Array.from(c.coder),
        value: Float64Array.from(c.value),
      };
      const got = krippendorffAlphaResampled(
        data,
        c.level,
        Int32Array.from(c.unitWeight),
        Int32Array.from(c.coderWeight),
      );
      expect(Math.abs(got - c.alpha)).toBeLessThan(1e-9 * Math.max(1, Math.abs(c.alpha)));
      const asGiven = krippendorffAlphaTwoWayInterval(data, c.level, { resamples: 10 }).estimate;
      expect(Math.abs(asGiven - c.alphaAsGiven)).toBeLessThan(1e-9 * Math.max(1, Math.abs(c.alphaAsGiven)));
    },
  );

  test("the estimate is alpha of the data as given", () => {
    const d = codedData(3);
    const two = krippendorffAlphaTwoWayInterval(d, "interval", { resamples: 50, seed: 2 });
    expect(two.estimate).toBe(krippendorffAlpha(asUnits(d), "interval"));
    expect(two.lo).toBeLessThan(two.hi);
  });

  test("property: with coder effects, two-way intervals are wider than units-only ones (8 data sets)", () => {
    for (let seed = 1; seed <= 8; seed++) {
      const d = codedData(seed);
      const items = krippendorffAlphaInterval(asUnits(d), "interval", { resamples: 400, seed });
      const two = krippendorffAlphaTwoWayInterval(d, "interval", { resamples: 400, seed });
      expect(two.hi - two.lo).toBeGreaterThan(items.hi - items.lo);
    }
  });

  test("without coder effects or coder variation (every coder identical), both bootstraps agree closely", () => {
    const random = mulberry32(5);
    const units = 80;
    const unit: number[] = [];
    const coder: number[] = [];
    const value: number[] = [];
    for (let u = 0; u < units; u++) {
      const truth = Math.round(3 * normal(random));
      for (let c = 0; c < 4; c++) {
        unit.push(u);
        coder.push(c);
        value.push(truth);
      }
    }
    const d = {
      units,
      coders: 4,
      unit: Int32Array.from(unit),
      coder: Int32Array.from(coder),
      value: Float64Array.from(value),
    };
    const two = krippendorffAlphaTwoWayInterval(d, "interval", { resamples: 100, seed: 1 });
    expect([two.estimate, two.lo, two.hi]).toEqual([1, 1, 1]);
  });
});

/** A table of n items: measure "rated" is the mean of annotator ratings with annotator biases, "truth" is fixed. */
function ratedTable(seed: number, n = 200, annotators = 8) {
  const random = mulberry32(seed);
  const bias = Array.from({ length: annotators }, () => 1.5 * normal(random));
  const truth = Float64Array.from({ length: n }, () => normal(random));
  // Item i is rated by two annotators; ratings[i] lists [annotator, rating].
  const ratings = Array.from(truth, (t, i) =>
    [i % annotators, (i * 3 + 1) % annotators].map((a) => [a, t + bias[a] + 0.3 * normal(random)] as const),
  );
  const reweightedMean = (w: Int32Array) =>
    Float64Array.from(ratings, (list) => {
      let total = 0;
      let count = 0;
      for (const [a, r] of list) {
        total += w[a] * r;
        count += w[a];
      }
      return count > 0 ? total / count : NaN;
    });
  const rated = reweightedMean(new Int32Array(annotators).fill(1));
  const table = {
    itemIds: Array.from({ length: n }, (_, i) => `i${i}`),
    measures: { rated, truth },
  } as unknown as HardnessTable;
  const source: TwoWaySource = {
    annotators,
    measures: ["rated"],
    reweight: (w) => new Map([["rated", reweightedMean(w)]]),
  };
  return { table, source };
}

describe("two-way bootstrap of correlations", () => {
  const query = { method: "spearman" as const, measures: ["rated", "truth"], bootstrap: 400, seed: 3, complete: false };

  test("property: with annotator effects, two-way intervals are wider than item-only ones; the estimate is the same", () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { table, source } = ratedTable(seed);
      const items = correlate(table, { ...query, seed }, source);
      const two = correlate(table, { ...query, seed, resample: "items+annotators" }, source);
      expect(two.matrix[0][1].rho).toBe(items.matrix[0][1].rho);
      const width = (r: typeof items) => r.matrix[0][1].hi! - r.matrix[0][1].lo!;
      expect(width(two)).toBeGreaterThan(width(items));
      expect(two).toMatchObject({ resample: "items+annotators", annotators: 8, annotatorMeasures: ["rated"] });
      expect(items).toMatchObject({ resample: "items", annotators: null });
      expect(two.notes.join(" ")).toMatch(/Two-way bootstrap/);
    }
  });

  test("a measure that no annotator enters gives the two-way note that nothing was recomputed", () => {
    const { table, source } = ratedTable(1);
    const out = correlate(table, { ...query, measures: ["truth", "truth"], resample: "items+annotators" }, source);
    expect(out.annotatorMeasures).toEqual([]);
    expect(out.notes.join(" ")).toMatch(/none of the chosen measures/);
  });
});
