import { describe, expect, test } from "vitest";
import { dawidSkene, mulberry32, raschDifficulty } from "@/lib/metrics";
import {
  dawidSkene as referenceDawidSkene,
  raschDifficulty as referenceRasch,
  type Answer,
} from "../../reference/crowd";

/** Simulated responses, sorted by item: annotator a is right with probability skill[a], else picks another option. */
function simulate(items: number, annotators: number, perItem: number, classes: number, seed: number) {
  const random = mulberry32(seed);
  const skill = Array.from({ length: annotators }, () => 0.4 + 0.55 * random());
  const truth = Array.from({ length: items }, () => Math.floor(random() * classes));
  const answers: Answer[] = [];
  const correct: number[] = [];
  for (let i = 0; i < items; i++) {
    const start = Math.floor(random() * annotators);
    for (let j = 0; j < perItem; j++) {
      const a = (start + j) % annotators;
      const right = random() < skill[a];
      const label = right ? truth[i] : (truth[i] + 1 + Math.floor(random() * (classes - 1))) % classes;
      answers.push([i, a, label]);
      correct.push(right ? 1 : 0);
    }
  }
  const column = (k: 0 | 1 | 2) => Int32Array.from(answers, (x) => x[k]);
  return { answers, item: column(0), annotator: column(1), label: column(2), correct: Uint8Array.from(correct) };
}

describe("crowd models on typed arrays agree with the tuple reference implementations (tests/reference/crowd.ts)", () => {
  test.each([4, 3, 5])(
    "Dawid-Skene (%i options): the largest posterior matches dawidSkene with the same add-one smoothing",
    (classes) => {
      const { answers, item, annotator, label } = simulate(300, 12, 5, classes, 11);
      const reference = referenceDawidSkene(answers, classes, {
        items: 300,
        annotators: 12,
        smoothing: 1,
        maxIterations: 500,
        tolerance: 1e-12,
      });
      const ours = dawidSkene(
        new Int32Array(300).fill(classes),
        12,
        { item, annotator, value: label },
        { smoothing: 1, tolerance: 1e-12 },
      ).confidence;
      for (let i = 0; i < 300; i++) {
        const max = Math.max(...reference.posteriors.subarray(i * classes, i * classes + classes));
        expect(ours[i]).toBeCloseTo(max, 6);
      }
    },
  );

  test("Dawid-Skene on nearly symmetric votes, where plain EM crawls: the accelerated fit lands on plain EM's fixed point", () => {
    // Every item gets four different answers from five annotators in a rotating pattern (a flat likelihood), and one
    // answer breaks the symmetry; plain EM takes hundreds of steps from there.
    const items = 2000;
    const answers: Answer[] = [];
    for (let g = 0; g < items; g++) for (let j = 0; j < 5; j++) answers.push([g, (7 * g + 11 * j) % 20, (g + j) % 4]);
    answers[0] = [0, answers[0][1], 3];
    const reference = referenceDawidSkene(answers, 4, {
      items,
      annotators: 20,
      smoothing: 1,
      maxIterations: 100_000,
      tolerance: 1e-13,
    });
    const column = (k: 0 | 1 | 2) => Int32Array.from(answers, (x) => x[k]);
    const ours = dawidSkene(
      new Int32Array(items).fill(4),
      20,
      { item: column(0), annotator: column(1), value: column(2) },
      { smoothing: 1, tolerance: 1e-12 },
    );
    expect(ours.converged).toBe(true);
    let error = 0;
    for (let x = 0; x < ours.posterior.length; x++)
      error = Math.max(error, Math.abs(ours.posterior[x] - reference.posteriors[x]));
    expect(error).toBeLessThan(1e-8);
    expect(ours.iterations).toBeLessThan(reference.iterations / 2);
  });

  test("Rasch: item difficulties match raschDifficulty's MAP fit up to the shift that centres abilities", () => {
    const { answers, item, annotator, correct } = simulate(200, 10, 6, 4, 5);
    const responses = answers.map(([i, a], r) => [i, a, correct[r]] as Answer);
    const reference = referenceRasch(responses, {
      items: 200,
      annotators: 10,
      penalty: 0.25,
      maxIterations: 2000,
      tolerance: 1e-10,
    });
    const ours = raschDifficulty(200, 10, { item, annotator, value: correct }, { prior: 2, tolerance: 1e-10 });
    expect(ours.converged).toBe(true);
    for (let i = 1; i < 200; i++)
      expect(ours.difficulty[i] - ours.difficulty[0]).toBeCloseTo(reference.difficulty[i] - reference.difficulty[0], 5);
  });

  test("Rasch: ten iterations already come within 0.005 logits of the converged fit", () => {
    // Many items with few responses each, as in a large project: the case where simultaneous updates crawled.
    const random = mulberry32(7);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const annotators = 40;
    const items = 20_000;
    const ability = Array.from({ length: annotators }, () => 1 + normal());
    const hardness = Array.from({ length: items }, () => 1.5 * normal());
    const item = new Int32Array(items * 5);
    const annotator = new Int32Array(items * 5);
    const correct = new Uint8Array(items * 5);
    for (let r = 0; r < item.length; r++) {
      item[r] = Math.floor(r / 5);
      annotator[r] = Math.floor(random() * annotators);
      correct[r] = random() < 1 / (1 + Math.exp(hardness[item[r]] - ability[annotator[r]])) ? 1 : 0;
    }
    const converged = raschDifficulty(items, annotators, { item, annotator, value: correct }, { tolerance: 1e-10 });
    expect(converged.converged).toBe(true);
    const capped = raschDifficulty(items, annotators, { item, annotator, value: correct }, { maxIterations: 10 });
    expect(capped.converged).toBe(false);
    let error = 0;
    for (let i = 0; i < items; i++) error = Math.max(error, Math.abs(capped.difficulty[i] - converged.difficulty[i]));
    expect(error).toBeLessThan(0.005);
  });

  test("Rasch: an item nobody gets right is harder than one everybody gets right; unanswered items are NaN", () => {
    const item = Int32Array.from([0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const annotator = Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2]);
    const correct = Uint8Array.from([1, 1, 1, 0, 0, 0, 1, 0, 1]);
    const { difficulty } = raschDifficulty(4, 3, { item, annotator, value: correct });
    expect(difficulty[1]).toBeGreaterThan(difficulty[2]);
    expect(difficulty[2]).toBeGreaterThan(difficulty[0]);
    expect(difficulty[3]).toBeNaN();
  });
});
