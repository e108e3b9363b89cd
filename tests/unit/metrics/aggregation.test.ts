import { describe, expect, test } from "vitest";
import {
  calibrationWeight,
  calibrationWeightedPool,
  countsPool,
  disagreement,
  entropyBits,
  jensenShannonDivergenceBits,
  klDivergence,
  linearPool,
  logarithmicPool,
  majorityVote,
  meanEntropy,
  normalizedEntropy,
  pooledEntropy,
  temperatureScale,
  temperatureScaledPool,
} from "@/lib/metrics";

const labels = [
  [0.7, 0.2, 0.1],
  [0.5, 0.5, 0],
  [0.1, 0.3, 0.6],
];
const sum = (p: ArrayLike<number>) => Array.from(p).reduce((a, v) => a + v, 0);

describe("soft-label pools", () => {
  test("linear pool is the (weighted) mean", () => {
    expect(Array.from(linearPool(labels))).toEqual(
      [0.7 + 0.5 + 0.1, 0.2 + 0.5 + 0.3, 0.1 + 0 + 0.6].map((v) => expect.closeTo(v / 3, 15)),
    );
    expect(Array.from(linearPool(labels, [1, 0, 0]))).toEqual(labels[0].map((v) => expect.closeTo(v, 15)));
  });

  test("logarithmic pool is the normalized geometric mean with a floor for zeros", () => {
    const pooled = logarithmicPool(labels.slice(0, 1).concat([[0.1, 0.3, 0.6]]));
    const geometric = [0.7 * 0.1, 0.2 * 0.3, 0.1 * 0.6].map(Math.sqrt);
    expect(Array.from(pooled)).toEqual(geometric.map((v) => expect.closeTo(v / sum(geometric), 14)));
    const withZero = logarithmicPool(labels);
    expect(sum(withZero)).toBeCloseTo(1, 14);
    expect(withZero[2]).toBeGreaterThan(0);
    expect(withZero[2]).toBeLessThan(1e-3);
  });

  test("calibration weights fall with log loss (w = exp(-L)) and weight the linear pool", () => {
    expect(calibrationWeight(0)).toBe(1);
    expect(calibrationWeight(Math.log(4))).toBeCloseTo(0.25, 15);
    const pooled = calibrationWeightedPool(labels.slice(0, 2), [0, Math.log(3)]);
    expect(pooled[0]).toBeCloseTo((0.7 + 0.5 / 3) / (1 + 1 / 3), 15);
  });

  test("temperature scaling: T = 1 keeps a label, larger T flattens it, the pool averages scaled labels", () => {
    expect(Array.from(temperatureScale(labels[0], 1))).toEqual(labels[0].map((v) => expect.closeTo(v, 14)));
    expect(entropyBits(temperatureScale(labels[0], 3))).toBeGreaterThan(entropyBits(labels[0]));
    expect(entropyBits(temperatureScale(labels[0], 0.3))).toBeLessThan(entropyBits(labels[0]));
    const pooled = temperatureScaledPool(labels.slice(0, 2), [2, 1]);
    const first = temperatureScale(labels[0], 2);
    expect(pooled[0]).toBeCloseTo((first[0] + temperatureScale(labels[1], 1)[0]) / 2, 15);
  });

  test("many raters' counts pool to counts / total; majority vote breaks ties to the lowest option", () => {
    expect(Array.from(countsPool([3, 1, 0, 4]))).toEqual([0.375, 0.125, 0, 0.5]);
    expect(() => countsPool([0, 0])).toThrow(RangeError);
    expect(majorityVote([1, 3, 3])).toBe(1);
    expect(majorityVote([0, 0])).toBe(-1);
  });
});

describe("per-item uncertainty decomposition", () => {
  test("pooled entropy = mean entropy + disagreement, disagreement 0 on unanimous labels", () => {
    expect(pooledEntropy(labels)).toBeCloseTo(meanEntropy(labels) + disagreement(labels), 14);
    expect(pooledEntropy(labels)).toBeCloseTo(entropyBits(linearPool(labels)), 14);
    expect(disagreement([labels[0], labels[0]])).toBeCloseTo(0, 14);
    // Two certain annotators disagreeing on two options: 1 bit of disagreement, no individual uncertainty.
    expect(
      disagreement([
        [1, 0],
        [0, 1],
      ]),
    ).toBeCloseTo(1, 14);
    expect(
      meanEntropy([
        [1, 0],
        [0, 1],
      ]),
    ).toBe(0);
  });
});

describe("information measures", () => {
  test("normalizes inputs (percent works) and handles zero probabilities", () => {
    expect(entropyBits([50, 50])).toBe(1);
    expect(normalizedEntropy([1])).toBe(0);
    expect(klDivergence([1, 0], [0.5, 0.5])).toBeCloseTo(Math.LN2, 15);
    expect(klDivergence([0.5, 0.5], [1, 0])).toBe(Infinity);
    expect(jensenShannonDivergenceBits([1, 0], [0, 1])).toBeCloseTo(1, 15);
  });
});
