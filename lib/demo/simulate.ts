/**
 * The demo's noise model for "Simulated annotator 1..5". These are not people: they exist so every dashboard has
 * something to show on first start, and their labels are plausible in the ways the research cares about.
 *
 * - Each item has a latent difficulty z in [0, 1] taken from its prior measure: MMLU high school ~0.35 and college
 *   ~0.65; GSM8K (steps - 2) / 8; plus uniform noise of +-0.15.
 * - Annotator j has a skill a_j (0.92, 0.85, 0.78, 0.7, 0.62). The chance of choosing the right answer is
 *   max(1/K, a_j - 0.45 z): accuracy falls with difficulty.
 * - Confidence in the chosen option is 0.95 - 0.45 z + N(0, 0.08), clipped to [1/K + 0.05, 0.99]; annotator 5 is
 *   overconfident (+0.12) so the calibration page has a miscalibrated rater to show. The remaining mass is spread
 *   over the other options at random, so the soft label sums to 1.
 * - Ratings follow z with noise: grade level (MMLU high school 9-12, college 13-14, GSM8K 2-8), Bloom 1-6, steps
 *   (GSM8K: the item's own count +- 1), expert difficulty 1-3, and time on item 15 s + 45 s z (log-normal).
 */
import { mulberry32 } from "@/lib/metrics";

export type SimulatedItem = {
  choices: number; // 0 = free response
  answerIndex: number | null;
  answerText: string | null;
  source: string | null;
  metadata: Record<string, unknown>;
};

export type SimulatedLabel = {
  softLabel: number[];
  answer: string | null;
  confidence: number | null;
  gradeLevel: number;
  bloom: number;
  steps: number;
  difficulty: number;
  durationMs: number;
};

export const SIMULATED_SKILLS = [0.92, 0.85, 0.78, 0.7, 0.62];

/** The demo's random source: lib/metrics' seeded mulberry32, plus normal draws (Box-Muller), so the demo is the same on every machine. */
export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return { next, normal };
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function latentDifficulty(item: SimulatedItem, rand: () => number): number {
  const m = item.metadata;
  let base = 0.5;
  if (item.source === "mmlu") base = m.level === "college" ? 0.65 : 0.35;
  else if (typeof m.steps === "number") base = (m.steps - 2) / 8;
  return clamp(base + (rand() - 0.5) * 0.3, 0, 1);
}

export function simulateLabel(
  item: SimulatedItem,
  z: number,
  annotator: number,
  rng: ReturnType<typeof seededRandom>,
): SimulatedLabel {
  const skill = SIMULATED_SKILLS[annotator];
  const k = item.choices;
  const chance = k > 0 ? 1 / k : 0.05;
  const correct = rng.next() < Math.max(chance, skill - 0.45 * z);
  const overconfidence = annotator === 4 ? 0.12 : 0;
  const confidence = clamp(0.95 - 0.45 * z + 0.08 * rng.normal() + overconfidence, chance + 0.05, 0.99);

  let softLabel: number[] = [];
  let answer: string | null = null;
  if (k > 0) {
    const truth = item.answerIndex ?? 0;
    const chosen = correct ? truth : (truth + 1 + Math.floor(rng.next() * (k - 1))) % k;
    const rest = Array.from({ length: k }, (_, i) => (i === chosen ? 0 : rng.next() + 0.05));
    const restSum = rest.reduce((a, b) => a + b, 0);
    softLabel = rest.map((w, i) => (i === chosen ? confidence : ((1 - confidence) * w) / restSum));
  } else {
    const truth = Number((item.answerText ?? "0").replace(/,/g, ""));
    answer =
      correct || !Number.isFinite(truth)
        ? (item.answerText ?? "")
        : String(truth + (rng.next() < 0.5 ? -1 : 1) * (1 + Math.floor(rng.next() * 10)));
  }

  const steps = typeof item.metadata.steps === "number" ? item.metadata.steps : 1 + 4 * z;
  const grade =
    item.source === "mmlu"
      ? item.metadata.level === "college"
        ? 13 + (rng.next() < 0.3 ? 1 : 0)
        : 9 + 3 * z + rng.normal()
      : 2 + 6 * z + rng.normal();
  const difficultyScore = 1 + 2 * z + 0.5 * rng.normal();
  return {
    softLabel,
    answer,
    confidence: k > 0 ? null : confidence,
    gradeLevel: Math.round(clamp(grade, item.source === "mmlu" ? 9 : 1, 14)),
    bloom: Math.round(clamp(1.5 + 3 * z + (k === 0 ? 1 : 0) + 0.8 * rng.normal(), 1, 6)),
    steps: Math.round(clamp(steps + 0.7 * rng.normal(), 1, 20)),
    difficulty: Math.round(clamp(difficultyScore, 1, 3)),
    durationMs: Math.round(1000 * (15 + 45 * z) * Math.exp(0.35 * rng.normal())),
  };
}
