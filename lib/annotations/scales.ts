/** The guide's rating scales, with the words the annotation form shows for each point. */

export const GRADE_LEVELS: readonly { value: number; label: string }[] = [
  { value: 0, label: "Kindergarten" },
  ...Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `Grade ${i + 1}` })),
  { value: 13, label: "Undergraduate" },
  { value: 14, label: "Graduate or professional" },
];

/** Bloom's revised taxonomy (Anderson & Krathwohl, 2001): the cognitive skill the question asks for. */
export const BLOOM_LEVELS: readonly {
  value: number;
  label: string;
  description: string;
  verbs: string;
  /** A benchmark-style question at this level, for the guidelines. */
  example: string;
}[] = [
  {
    value: 1,
    label: "Remember",
    example: "“What is the chemical symbol for sodium?”",
    description: "Recall a fact or definition from memory.",
    verbs: "define, list, name, recall",
  },
  {
    value: 2,
    label: "Understand",
    example: "“Which statement best explains why ice floats on water?”",
    description: "Explain or restate an idea in other words.",
    verbs: "explain, classify, summarize, compare",
  },
  {
    value: 3,
    label: "Apply",
    example: "“A train travels 120 km in 1.5 h. What is its average speed?”",
    description: "Use a known procedure in a given situation.",
    verbs: "calculate, solve, use, carry out",
  },
  {
    value: 4,
    label: "Analyze",
    example: "“Which assumption of the experiment explains the unexpected result?”",
    description: "Break information into parts and see how they relate.",
    verbs: "differentiate, organize, infer, attribute",
  },
  {
    value: 5,
    label: "Evaluate",
    example: "“Which of these two proofs is valid, and why is the other not?”",
    description: "Judge or justify a choice against criteria.",
    verbs: "assess, critique, justify, decide",
  },
  {
    value: 6,
    label: "Create",
    example: "“Design an experiment that distinguishes hypothesis A from B.”",
    description: "Put elements together into something new.",
    verbs: "design, construct, plan, produce",
  },
];

/** Expert difficulty, relative to what is usual for the item's grade level. */
export const DIFFICULTY_LEVELS: readonly { value: number; label: string; description: string }[] = [
  { value: 1, label: "Low", description: "Most students of that grade answer it quickly." },
  { value: 2, label: "Medium", description: "A typical student of that grade needs some effort." },
  { value: 3, label: "High", description: "Only strong students of that grade get it right." },
];

/**
 * Webb's depth of knowledge as the easy-to-hard paper's ARC annotations use it (I, II, III): recall, skill or concept,
 * strategic thinking. The paper keeps three levels; Webb's fourth (extended thinking) does not occur in its data.
 */
export const DEPTH_OF_KNOWLEDGE_LEVELS: readonly { value: number; label: string; numeral: string }[] = [
  { value: 1, label: "Recall and reproduction", numeral: "I" },
  { value: 2, label: "Skills and concepts", numeral: "II" },
  { value: 3, label: "Strategic thinking", numeral: "III" },
];

export const MAX_STEPS = 20;

export const SKIP_REASONS = ["unclear", "broken", "dont_know"] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  unclear: "The question is unclear",
  broken: "The item is broken (missing text, wrong options)",
  dont_know: "I don't know enough to rate it",
};

export const OPTION_LETTERS = "ABCDEFGHIJ";
