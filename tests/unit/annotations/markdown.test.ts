import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test } from "vitest";
import { Markdown } from "@/components/ui/Markdown";

const html = (source: string) => renderToStaticMarkup(createElement(Markdown, null, source));

test("a single newline in a question is a line break, as the researcher's item page shows it", () => {
  const out = html("Which are polymers?\nI. DNA\nII. Protein\nIII. RNA");
  expect(out).toMatch(/Which are polymers\?<br\/>\s*I\. DNA<br\/>\s*II\. Protein<br\/>\s*III\. RNA<\/p>/);
  // A blank line still starts a new paragraph.
  expect(html("one\n\ntwo").match(/<p>/g)).toHaveLength(2);
});

test("$$...$$ inside a line is display math, $...$ stays inline", () => {
  const out = html("Solve $$x^2 = 4$$ for $x$.");
  expect(out.match(/class="katex-display"/g)).toHaveLength(1);
  expect(out.match(/class="katex"/g)).toHaveLength(2);
  expect(html("$$\nE = mc^2\n$$").match(/class="katex-display"/g)).toHaveLength(1);
});

test("raw HTML in an item is shown as text, not rendered", () => {
  expect(html("<b>bold</b>")).not.toContain("<b>");
});
