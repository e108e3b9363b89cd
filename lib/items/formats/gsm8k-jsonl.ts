import { z } from "zod";
import { itemEvent } from "../item-schema";
import { parseJsonlRows } from "../jsonl-rows";
import { lineError, type ByteSource, type ItemEvent } from "../types";
import { requiredAs } from "../validate";

/** The easy-to-hard paper caps GSM8K reasoning steps at 10. */
const MAX_STEPS = 10;

const gsm8kRowSchema = z.looseObject(
  {
    question: z.string(requiredAs("must be a string")),
    answer: z
      .string(requiredAs("must be a string"))
      .refine((answer) => answer.includes("####"), 'must end with a "#### <final answer>" line'),
    id: z.union([z.string(), z.int()], "must be a string or an integer").optional(),
  },
  "expected a JSON object",
);

/**
 * GSM8K's step measures from a solution "reasoning lines\n#### final". `reasoningLines` is the number of
 * lines before "####"; `steps` is the paper's min(reasoningLines, 10) (utils/data_utils.py);
 * `calculatorSteps` counts the `<<expr=result>>` annotations, an alternative measure.
 */
export function gsm8kSolution(solution: string) {
  const marker = solution.indexOf("####");
  const reasoning = solution.slice(0, marker).trim();
  const reasoningLines = reasoning === "" ? 0 : reasoning.split("\n").length;
  return {
    finalAnswer: solution.slice(marker + 4).trim(),
    reasoningLines,
    steps: Math.min(reasoningLines, MAX_STEPS),
    calculatorSteps: solution.split("<<").length - 1,
  };
}

/**
 * GSM8K JSONL (`{question, answer}`): a free-response item whose reference answer is the final answer after
 * "####" (trimmed, written as in the file). The full solution and the step counts go into metadata. Ids are
 * the row's `id` if it has one, else `${idPrefix ?? "gsm8k"}-${rowIndex}` with the 0-based index of the
 * non-blank line.
 */
export async function* parseGsm8kItems(body: ByteSource, options: { idPrefix?: string }): AsyncGenerator<ItemEvent> {
  const prefix = options.idPrefix ?? "gsm8k";
  let rowIndex = 0;
  for await (const event of parseJsonlRows(body, gsm8kRowSchema)) {
    const id = `${prefix}-${rowIndex++}`;
    if ("error" in event) {
      yield event;
      continue;
    }
    const { question, answer, id: ownId, ...extra } = event.row;
    const { finalAnswer, reasoningLines, steps, calculatorSteps } = gsm8kSolution(answer);
    if (finalAnswer === "") {
      yield lineError(event.line, '"answer" has nothing after "####"');
      continue;
    }
    yield itemEvent(event.line, {
      id: ownId ?? id,
      question,
      answer: finalAnswer,
      source: "gsm8k",
      metadata: { ...extra, steps, reasoningLines, calculatorSteps, solution: answer },
    });
  }
}
