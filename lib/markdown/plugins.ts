/**
 * Remark plugins for question text. Items come from CSV and JSONL files where a line break is meant as one
 * ("I. DNA\nII. Protein"), so a single newline renders as a line break, as the source shows it; and `$$...$$`
 * written inside a line is display math, as in LaTeX, not inline math.
 */
type MdNode = {
  type: string;
  value?: string;
  children?: MdNode[];
  position?: { start: { offset?: number } };
  data?: { hProperties?: Record<string, unknown> };
};

function walk(node: MdNode, visit: (n: MdNode) => void) {
  visit(node);
  for (const child of node.children ?? []) walk(child, visit);
}

/** Single newlines inside a paragraph become line breaks. */
export function remarkLineBreaks() {
  return (tree: MdNode) =>
    walk(tree, (node) => {
      if (!node.children?.some((c) => c.type === "text" && /\r?\n/.test(c.value ?? ""))) return;
      node.children = node.children.flatMap((c) => {
        if (c.type !== "text" || !/\r?\n/.test(c.value ?? "")) return [c];
        return (c.value ?? "")
          .split(/\r?\n/)
          .flatMap((part, i): MdNode[] => [
            ...(i > 0 ? [{ type: "break" }] : []),
            ...(part ? [{ type: "text", value: part }] : []),
          ]);
      });
    });
}

/** `$$x$$` inside a line renders as display math (remark-math only does so for `$$` on lines of their own). */
export function remarkDisplayMath() {
  return (tree: MdNode, file: { value: unknown }) => {
    const source = String(file.value);
    walk(tree, (node) => {
      const start = node.position?.start.offset;
      if (node.type !== "inlineMath" || start === undefined || !source.startsWith("$$", start)) return;
      node.data = { ...node.data, hProperties: { className: ["language-math", "math-display"] } };
    });
  };
}
