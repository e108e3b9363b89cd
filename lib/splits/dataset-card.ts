/** The README.md dataset card of the Hugging Face export: YAML header declaring the splits, then the recipe, counts, columns and licences. */
import { FIXED_MEASURES } from "@/lib/hardness/measures";
import type { ExportSplit } from "./export";
import { hardnessBins, partitions, trainingConditions, type Partition, type SplitRecipe } from "./schemas";
import { dictionary } from "@/lib/dictionary";

/** Licences of the benchmarks Hardlab imports (from each data set's SOURCE.md). */
const LICENCES = dictionary<string>({ mmlu: "MIT", gsm8k: "MIT", arc: "CC-BY-SA-4.0", strategyqa: "MIT" });

export function sourceLicence(source: string | null): string {
  return (source && LICENCES[source.toLowerCase()]) || "unknown: check the source's terms";
}

const BASE_DESCRIPTIONS: [string, string, string][] = [
  ["id", "string", "The item's id in the source benchmark (external id in Hardlab)"],
  ["source", "string or null", "Benchmark the item comes from (arc, mmlu, gsm8k, strategyqa, ...)"],
  ["subject", "string or null", "Subject within the benchmark"],
  ["question", "string", "Question text"],
  ["choices", "list of strings", "Answer options; empty for free-response questions"],
  [
    "label",
    "int or null",
    "Index of the labelled option (training target for train/validation, gold answer for test); null for free response",
  ],
  ["label_text", "string or null", "Text of the label: the option, or the free-response answer"],
  [
    "soft_label",
    "list of floats or null",
    "Probability over the options: the pooled human soft label, or one-hot of the label",
  ],
  ["partition", "string", "train, validation or test (same as `split`; kept for older readers)"],
  ["split", "string", "train, validation or test: the item-level split"],
  [
    "hardness",
    "string or null",
    "easy, medium or hard under the recipe's cut-offs on the hardness measure; null for recipes without cut-offs",
  ],
];

function measureDescription(name: string): string {
  const fixed = FIXED_MEASURES.find((m) => m.name === name);
  if (fixed) return fixed.description;
  if (name.startsWith("prior.")) return `Import metadata field "${name.slice(6)}"`;
  if (name.startsWith("model.")) return `Imported score of model "${name.slice(6)}"`;
  return "Hardness measure";
}

function describeRecipe(recipe: SplitRecipe): string {
  const common = `seed ${recipe.seed}; minimum annotations per item ${recipe.minAnnotations}; ${recipe.stratify.length ? `draws stratified by ${recipe.stratify.join(" and ")}` : "draws not stratified"}; validation fraction ${recipe.validationFraction}`;
  if (recipe.kind === "easy-hard" || recipe.kind === "easy-hard-protocol") {
    const c = recipe.cutoffs;
    const cut =
      c.mode === "fixed"
        ? `easy if ${recipe.measure} <= ${c.easyMax}, hard if >= ${c.hardMin}`
        : `easy = bottom ${c.easyQuantile * 100}% of ${recipe.measure}, hard = top ${c.hardQuantile * 100}% (numpy linear quantiles)`;
    if (recipe.kind === "easy-hard-protocol")
      return `Easy-to-hard protocol (Hase et al., 2024): first a seeded item-level split, ${recipe.testFraction * 100}% of the items with a gold answer to test; then every item is binned ${cut}, medium in between, in train and test alike. Train rows are labelled by ${recipe.labelSource}, test rows by gold. Each training condition (easy, medium, hard, all) is a config that trains on its bin of train and tests on the hard test items, so hard train and hard test never share an item${recipe.preset ? ` (preset ${recipe.preset})` : ""}; ${common}.`;
    return `Easy-to-hard split (Hase et al., 2024): ${cut}${recipe.preset ? ` (preset ${recipe.preset})` : ""}. Train = easy items labelled by ${recipe.labelSource}; test = hard items with gold answers; medium items ${recipe.medium === "validation" ? "go to validation" : "are left out"}; ${common}.`;
  }
  if (recipe.kind === "weak-label") {
    return `Weak-label split (Burns et al., 2023): every item trains on its ${recipe.labelSource} label; test = ${recipe.testFraction * 100}% of the items with a known answer, labelled with gold; ${common}.`;
  }
  return `Confidence split: items whose pooled label has ${recipe.confidence === "topProbability" ? "top probability" : "1 - normalized entropy"} >= ${recipe.tau} train on their ${recipe.labelSource} label; test = ${recipe.testFraction * 100}% of the items with a known answer, labelled with gold; ${common}.`;
}

/**
 * The protocol's configs: one per training condition, training on that bin of train (and validation) and testing
 * on the hard test items; "all" trains on every bin and is the default. Files without rows are left out.
 */
export function protocolConfigs(files: string[]): { name: string; splits: [Partition, string[]][] }[] {
  const have = new Set(files);
  const bins = (p: Partition, condition: string) =>
    (condition === "all" ? hardnessBins : [condition]).map((h) => `${p}-${h}.jsonl`).filter((f) => have.has(f));
  return trainingConditions.map((condition) => ({
    name: condition,
    splits: (
      [
        ["train", bins("train", condition)],
        ["validation", bins("validation", condition)],
        ["test", have.has("test-hard.jsonl") ? ["test-hard.jsonl"] : []],
      ] as [Partition, string[]][]
    ).filter(([, list]) => list.length > 0),
  }));
}

function configYaml(files: string[] | undefined, present: Partition[]): string[] {
  if (!files)
    return [
      "- config_name: default",
      "  data_files:",
      ...present.flatMap((p) => [`  - split: ${p}`, `    path: ${p}.jsonl`]),
    ];
  return protocolConfigs(files).flatMap(({ name, splits }) => [
    `- config_name: ${name}`,
    ...(name === "all" ? ["  default: true"] : []),
    "  data_files:",
    ...splits.flatMap(([p, list]) => [`  - split: ${p}`, `    path: ${JSON.stringify(list)}`]),
  ]);
}

export function datasetCard(
  split: ExportSplit,
  counts: Record<Partition, number>,
  sources: { source: string | null; rows: number; licence: string }[],
  protocolFiles?: string[],
): string {
  const present = partitions.filter((p) => counts[p] > 0);
  const licences = [...new Set(sources.map((s) => s.licence))];
  const yamlLicence = licences.length === 1 && !licences[0].startsWith("unknown") ? licences[0].toLowerCase() : "other";
  const dataFiles = protocolFiles
    ? `{${protocolConfigs(protocolFiles)
        .find((c) => c.name === "hard")!
        .splits.map(([p, list]) => `"${p}": ${JSON.stringify(list)}`)
        .join(", ")}}`
    : `{${present.map((p) => `"${p}": "${p}.jsonl"`).join(", ")}}`;
  const lines = [
    "---",
    `pretty_name: ${JSON.stringify(`${split.project.name}: ${split.name} v${split.version}`)}`,
    `license: ${yamlLicence}`,
    "tags:",
    "- hardlab",
    "- question-difficulty",
    "configs:",
    ...configYaml(protocolFiles, present),
    "---",
    "",
    `# ${split.project.name}: ${split.name} (version ${split.version})`,
    "",
    `Exported from Hardlab project \`${split.project.slug}\`. ${describeRecipe(split.recipe as SplitRecipe)}`,
    "",
    "## Loading",
    "",
    "```python",
    `import datasets; ds = datasets.load_dataset("json", data_files=${dataFiles})`,
    "```",
    "",
    ...(protocolFiles
      ? [
          "Configs `easy`, `medium`, `hard` and `all` are the training conditions of the easy-to-hard protocol: each trains on its",
          "hardness bin of the train split and evaluates on the hard test items (`test-hard.jsonl`). The easy and medium test",
          "items are in `test-easy.jsonl` and `test-medium.jsonl`. Supervision Gap Recovered = (easy − unsupervised) / (hard −",
          "unsupervised), each accuracy measured on the hard test items.",
          "",
        ]
      : []),
    "## Splits",
    "",
    "| split | rows |",
    "|---|---|",
    ...partitions.map((p) => `| ${p} | ${counts[p]} |`),
    "",
    "## Columns",
    "",
    "| column | type | description |",
    "|---|---|---|",
    ...BASE_DESCRIPTIONS.map(([name, type, text]) => `| ${name} | ${type} | ${text} |`),
    ...split.measureNames.map(
      (name) =>
        `| ${name} | float or null | ${measureDescription(name)} (hardness measure at snapshot time; null when missing) |`,
    ),
    "",
    "## Sources and licences",
    "",
    "| source | rows | licence |",
    "|---|---|---|",
    ...sources.map((s) => `| ${s.source ?? "(none)"} | ${s.rows} | ${s.licence} |`),
    "",
    "Human annotations (grade level, Bloom, steps, difficulty, soft labels) were collected with Hardlab; the question texts keep their sources' licences above.",
    "",
    "## Recipe and content hash",
    "",
    "```json",
    JSON.stringify(split.recipe, null, 2),
    "```",
    "",
    `Content hash (sha256 of the canonical rows sorted by id): \`${split.hash}\`. The same recipe on the same data gives the same hash. \`hardlab.json\` holds the recipe, counts and hash.`,
    "",
  ];
  return lines.join("\n");
}
