import { z } from "zod";
import { jsonlItemSchema, toItemEvent, type ItemRowInput } from "../item-schema";
import { parseJsonlRows } from "../jsonl-rows";
import type { ByteSource, ItemEvent } from "../types";
import { requiredAs } from "../validate";

const CHOICES_MESSAGE = "must be {text: string[], label: string[]} or a list of {label, text}";
const label = z.union([z.string(), z.int()], CHOICES_MESSAGE).transform((value) => String(value).trim());

/** Hugging Face allenai/ai2_arc stores choices as parallel arrays. */
const parallelChoices = z.object(
  { text: z.array(z.string(CHOICES_MESSAGE), CHOICES_MESSAGE), label: z.array(label, CHOICES_MESSAGE) },
  CHOICES_MESSAGE,
);

/** The original ARC release stores a list of {label, text}. */
const choiceList = z.array(z.object({ label, text: z.string(CHOICES_MESSAGE) }, CHOICES_MESSAGE), CHOICES_MESSAGE);

const arcRowSchema = z
  .looseObject(
    {
      id: z.union([z.string(), z.int()], requiredAs("must be a string")),
      question: z.object(
        {
          stem: z.string(requiredAs("must have a string stem")),
          choices: z.union([parallelChoices, choiceList], requiredAs(CHOICES_MESSAGE)),
        },
        requiredAs("must be an object {stem, choices}"),
      ),
      answerKey: z
        .union([z.string(), z.int()], requiredAs("must be a choice label"))
        .transform((key) => String(key).trim()),
    },
    "expected a JSON object",
  )
  .transform((row, context): ItemRowInput => {
    const { id, question, answerKey, ...extra } = row;
    const { choices } = question;
    const texts = Array.isArray(choices) ? choices.map((choice) => choice.text) : choices.text;
    const labels = Array.isArray(choices) ? choices.map((choice) => choice.label) : choices.label;
    if (texts.length !== labels.length) {
      context.addIssue({ code: "custom", message: '"question.choices" has different numbers of texts and labels' });
      return z.NEVER;
    }
    const answer = labels.indexOf(answerKey);
    if (answer === -1) {
      context.addIssue({
        code: "custom",
        message: `answerKey ${JSON.stringify(answerKey)} is not one of the choice labels ${labels.join(", ")}`,
      });
      return z.NEVER;
    }
    return {
      id,
      question: question.stem,
      choices: texts,
      answer,
      source: "arc",
      metadata: extra,
    };
  })
  .pipe(jsonlItemSchema);

/**
 * ARC JSONL in either layout (Hugging Face ai2_arc or the original release). answerKey is matched against
 * the choice labels, which may be letters or digits ("1".."4"). Top-level fields besides id, question and
 * answerKey (grade, difficulty, bloom, ...) are kept in metadata. Ids are ARC's own, which is what the
 * easy-to-hard hardness annotations join on.
 */
export function parseArcItems(body: ByteSource): AsyncGenerator<ItemEvent> {
  return parseJsonlRows(body, arcRowSchema, toItemEvent);
}
