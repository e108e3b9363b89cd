import { brierScore } from "@/lib/annotations/scores";

/**
 * The quadratic scoring rule bounded to [0, maxBonus]: maxBonus x (1 - Brier/2), with the multi-class Brier score
 * (0 for all mass on the right answer, 2 for all mass on one wrong answer). Being an affine map of the Brier score it is
 * strictly proper: the expected bonus is largest when the reported probabilities are the participant's beliefs.
 */
export function quadraticBonus(reported: readonly number[], answerIndex: number, maxBonus: number): number {
  return maxBonus * (1 - brierScore(reported, answerIndex) / 2);
}

/** The bonus from a Brier score already computed (free-response gold items are scored as [confidence, 1 - confidence]). */
export const bonusForBrier = (brier: number, maxBonus: number) => maxBonus * (1 - brier / 2);

/** Expected bonus when reporting `reported` while believing the answer is distributed as `belief`. */
export function expectedBonus(belief: readonly number[], reported: readonly number[], maxBonus: number): number {
  return belief.reduce((sum, b, answer) => sum + b * quadraticBonus(reported, answer, maxBonus), 0);
}

/** Money rounded to cents, as platforms take it. */
export const cents = (amount: number) => Math.round(amount * 100 + 1e-9) / 100;
