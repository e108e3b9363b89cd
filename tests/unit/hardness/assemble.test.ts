import { describe, expect, test } from "vitest";
import { assembleHardness } from "@/lib/hardness/assemble";
import type { ProjectData } from "@/lib/hardness/load";

/** A project's data by hand: items with two options and gold answers, one annotator's soft labels on each. */
function project(gold: number[], labels: number[][]): ProjectData {
  const n = gold.length;
  const m = labels.length;
  const f64 = (v: number) => new Float64Array(m).fill(v);
  return {
    items: {
      n,
      ids: gold.map((_, i) => `id${i}`),
      externalIds: gold.map((_, i) => `q${String(i).padStart(2, "0")}`),
      sources: gold.map(() => null),
      subjects: gold.map(() => null),
      choices: gold.map(() => ["a", "b"]),
      goldIndex: Int32Array.from(gold),
      goldText: gold.map(() => null),
      questionWords: new Float64Array(n),
      answerChars: new Float64Array(n),
      priors: {},
      models: {},
    },
    annotators: ["u"],
    annotations: {
      m,
      item: Int32Array.from(labels, (_, r) => r),
      annotator: new Int32Array(m),
      gradeLevel: f64(NaN),
      bloom: f64(NaN),
      steps: f64(NaN),
      difficulty: f64(NaN),
      confidence: f64(NaN),
      answerCorrect: new Int8Array(m).fill(-1),
      softStart: Int32Array.from({ length: m + 1 }, (_, r) => 2 * r),
      softValues: Float64Array.from(labels.flat()),
      countStart: new Int32Array(m + 1),
      countValues: new Float64Array(0),
      itemStart: Int32Array.from({ length: n + 1 }, (_, i) => Math.min(i, m)),
      answerGroup: new Int32Array(labels.length).fill(-1),
    },
  };
}

/** Temperature minimizing mean log loss of p^(1/T) by a grid over log T (step 1e-4), independent of fitTemperature. */
function gridTemperature(labels: number[][], gold: number[]): number {
  let best = { loss: Infinity, t: 1 };
  for (let u = -4.6; u <= 4.6; u += 1e-4) {
    const t = Math.exp(u);
    let loss = 0;
    labels.forEach((p, i) => {
      const z = p.map((v) => Math.log(v) / t);
      const max = Math.max(...z);
      loss -= z[gold[i]] - max - Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0));
    });
    if (loss < best.loss) best = { loss, t };
  }
  return best.t;
}

describe("calibrated pooling fits temperatures out of sample (issue 13, defect 4)", () => {
  // Ten gold items; an overconfident annotator: 0.95 on their choice, wrong on three items.
  const gold = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
  const wrong = new Set([1, 4, 8]);
  const labels = gold.map((g, i) => {
    const top = wrong.has(i) ? 1 - g : g;
    return top === 0 ? [0.95, 0.05] : [0.05, 0.95];
  });

  test("a gold item's labels are scaled with a temperature fitted on the other folds' gold items only", () => {
    const { table, fit } = assembleHardness(project(gold, labels), "calibrated");
    expect(fit.temperatureFolds).toBe(5);
    // Gold item j is in fold j mod 5: item 3's temperature comes from the items outside {3, 8}.
    const others = gold.map((_, i) => i).filter((i) => i % 5 !== 3);
    const t = gridTemperature(
      others.map((i) => labels[i]),
      others.map((i) => gold[i]),
    );
    expect(t).toBeGreaterThan(1);
    const z = labels[3].map((v) => Math.exp(Math.log(v) / t));
    const expected = z.map((v) => v / (z[0] + z[1]));
    const pooled = Array.from(table.pooledLabel[3]!);
    expect(Math.abs(pooled[0] - expected[0])).toBeLessThan(1e-4);
  });

  test("an item's own gold answer does not move its pooled label", () => {
    const flipped = gold.slice();
    flipped[3] = 1 - flipped[3];
    const before = assembleHardness(project(gold, labels), "calibrated").table;
    const after = assembleHardness(project(flipped, labels), "calibrated").table;
    expect(Array.from(after.pooledLabel[3]!)).toEqual(Array.from(before.pooledLabel[3]!));
    // ... whereas the items in other folds see item 3's gold in their fits.
    expect(Array.from(after.pooledLabel[0]!)).not.toEqual(Array.from(before.pooledLabel[0]!));
  });
});
