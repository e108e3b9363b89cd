import { describe, expect, test } from "vitest";
import {
  dawidSkene,
  fitTemperature,
  majorityVoteLabels,
  mulberry32,
  raschDifficulty,
  spearman,
  type Responses,
} from "@/lib/metrics";

/** One annotator's answer to one item: [item, annotator, choice]. */
type Answer = readonly [item: number, annotator: number, choice: number];
const responses = (answers: readonly Answer[]): Responses => ({
  item: Int32Array.from(answers, (x) => x[0]),
  annotator: Int32Array.from(answers, (x) => x[1]),
  value: Int32Array.from(answers, (x) => x[2]),
});

/** Seeded simulations: the models must recover the parameters that generated the data. */
const random = mulberry32(2024);
const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const draw = (p: ArrayLike<number>) => {
  let u = random();
  for (let k = 0; k < p.length; k++) if ((u -= p[k]) < 0) return k;
  return p.length - 1;
};
const softmax = (logits: number[]) => {
  const e = logits.map((v) => Math.exp(v - Math.max(...logits)));
  return e.map((v) => v / e.reduce((a, x) => a + x, 0));
};

describe("Dawid-Skene", () => {
  const K = 4;
  const priors = [0.4, 0.3, 0.2, 0.1];
  const skill = [0.9, 0.85, 0.75, 0.65, 0.55, 0.45, 0.4, 0.35];
  /** Annotator a answers the true class with probability skill[a], any other class uniformly otherwise. */
  const confusion = (a: number, j: number, l: number) => (j === l ? skill[a] : (1 - skill[a]) / (K - 1));
  const truth = Int32Array.from({ length: 600 }, () => draw(priors));
  const answers: Answer[] = [];
  truth.forEach((j, i) =>
    skill.forEach((_, a) => random() < 0.7 && answers.push([i, a, draw([0, 1, 2, 3].map((l) => confusion(a, j, l)))])),
  );
  const options = new Int32Array(truth.length).fill(K);
  const fit = dawidSkene(options, skill.length, responses(answers));

  test("recovers class priors within 0.03 and confusion diagonals within 0.1 (0.15 for the rarest class)", () => {
    priors.forEach((p, j) => expect(Math.abs(fit.priors[j] - p)).toBeLessThan(0.03));
    skill.forEach((s, a) => {
      for (let j = 0; j < K; j++)
        expect(Math.abs(fit.confusion[a * K * K + j * K + j] - s)).toBeLessThan(priors[j] < 0.2 ? 0.15 : 0.1);
    });
  });

  test("labels items better than majority vote and converges deterministically", () => {
    const correct = (labels: Int32Array) => labels.reduce((a, l, i) => a + (l === truth[i] ? 1 : 0), 0) / truth.length;
    expect(correct(fit.labels)).toBeGreaterThan(correct(majorityVoteLabels(options, responses(answers))));
    expect(correct(fit.labels)).toBeGreaterThan(0.9);
    expect(fit.converged).toBe(true);
    expect(dawidSkene(options, skill.length, responses(answers)).posterior).toEqual(fit.posterior);
    for (let i = 0; i < truth.length; i++)
      expect(fit.posterior.subarray(i * K, (i + 1) * K).reduce((a, v) => a + v, 0)).toBeCloseTo(1, 12);
  });
});

describe("Rasch difficulty", () => {
  test("orders 200 simulated items by true difficulty (Spearman > 0.9) from 30 annotators", () => {
    const difficulty = Array.from({ length: 200 }, () => 1.5 * gauss());
    const ability = Array.from({ length: 30 }, () => gauss());
    const answers: Answer[] = [];
    difficulty.forEach((b, i) =>
      ability.forEach((theta, a) => answers.push([i, a, random() < 1 / (1 + Math.exp(b - theta)) ? 1 : 0])),
    );
    const fit = raschDifficulty(200, 30, responses(answers));
    expect(spearman(fit.difficulty, difficulty).rho).toBeGreaterThan(0.9);
    expect(spearman(fit.ability, ability).rho).toBeGreaterThan(0.7);
    expect(fit.converged).toBe(true);
  });

  test("keeps items everyone gets right or wrong finite", () => {
    const answers: Answer[] = [0, 1, 2].flatMap(
      (a) =>
        [
          [0, a, 1],
          [1, a, 0],
          [2, a, a % 2],
        ] as Answer[],
    );
    const { difficulty } = raschDifficulty(3, 3, responses(answers));
    expect(difficulty.every(Number.isFinite)).toBe(true);
    expect(difficulty[0]).toBeLessThan(difficulty[2]);
    expect(difficulty[2]).toBeLessThan(difficulty[1]);
  });
});

describe("temperature scaling", () => {
  /** Gold items with a calibrated distribution c = softmax(z), gold ~ c, reported as softmax(z / T0). */
  function annotator(t0: number, items = 3000) {
    const labels: Float64Array[] = [];
    const gold: number[] = [];
    for (let i = 0; i < items; i++) {
      const z = [0, 1, 2, 3].map(() => 1.5 * gauss());
      gold.push(draw(softmax(z)));
      labels.push(Float64Array.from(softmax(z.map((v) => v / t0))));
    }
    return { labels, gold };
  }

  test("recovers T = 1 / T0 within 10% for an overconfident and an underconfident annotator", () => {
    for (const t0 of [0.5, 2]) {
      const { labels, gold } = annotator(t0);
      expect(Math.abs(fitTemperature(labels, gold) * t0 - 1)).toBeLessThan(0.1);
    }
  });
});
