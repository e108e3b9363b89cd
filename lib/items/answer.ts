/** Turning the ways benchmarks write a multiple-choice answer into an index into the choices. */

const LETTERS = "ABCDEFGHIJ";

/** "A".."J" (either case) to 0..9; null for anything else. */
export function letterIndex(text: string): number | null {
  const trimmed = text.trim().toUpperCase();
  const index = trimmed.length === 1 ? LETTERS.indexOf(trimmed) : -1;
  return index === -1 ? null : index;
}

/**
 * The index of the correct choice. A number is a 0-based index. A string is first looked up as a choice's
 * text (so choices that are themselves letters keep their meaning), then read as a letter A-J.
 */
export function resolveChoiceAnswer(
  answer: number | string,
  choices: readonly string[],
): { index: number } | { error: string } {
  const count = choices.length;
  if (typeof answer === "number") {
    return Number.isInteger(answer) && answer >= 0 && answer < count
      ? { index: answer }
      : { error: `answer ${answer} is not a valid index for ${count} choices (0 to ${count - 1})` };
  }
  const text = answer.trim();
  const byText = choices.indexOf(text);
  if (byText !== -1) return { index: byText };
  const byLetter = letterIndex(text);
  if (byLetter !== null && byLetter < count) return { index: byLetter };
  const hint = `give a 0-based index, the text of a choice, or a letter A-${LETTERS[count - 1]}`;
  return { error: `answer ${JSON.stringify(text)} is not one of the ${count} choices (${hint})` };
}
