import { z } from "zod";
import { jsonlItemSchema, toItemEvent, type ItemRowInput } from "../item-schema";
import { parseJsonArrayRows } from "../json-array";
import type { ByteSource, ItemEvent } from "../types";
import { requiredAs } from "../validate";

/** StrategyQA questions are yes/no; storing them as two choices lets annotators give a soft label. */
const STRATEGYQA_CHOICES = ["Yes", "No"];

const strategyQaRowSchema = z
  .looseObject(
    {
      qid: z.union([z.string(), z.int()], requiredAs("must be a string")),
      question: z.string(requiredAs("must be a string")),
      answer: z.boolean("must be true or false").optional(),
      decomposition: z.array(z.string("must be an array of strings"), "must be an array of strings").optional(),
    },
    "expected a JSON object",
  )
  .transform(({ qid, question, answer, decomposition, ...extra }): ItemRowInput => ({
    id: qid,
    question,
    choices: STRATEGYQA_CHOICES,
    answer: answer === undefined ? null : answer ? 0 : 1,
    source: "strategyqa",
    metadata: decomposition === undefined ? extra : { ...extra, steps: decomposition.length, decomposition },
  }))
  .pipe(jsonlItemSchema);

/**
 * StrategyQA's JSON array of `{qid, question, answer: boolean, decomposition: string[]}`. Choices are
 * ["Yes", "No"]: answerIndex 0 for true, 1 for false (none for the unlabeled test split). `steps` is the
 * number of decomposition steps, the paper's hardness measure. Other fields (facts, evidence, ...) are kept
 * in metadata. `line` is the 0-based index of the array element.
 */
export async function* parseStrategyQaItems(body: ByteSource): AsyncGenerator<ItemEvent> {
  for await (const event of parseJsonArrayRows(body, strategyQaRowSchema)) yield toItemEvent(event);
}
