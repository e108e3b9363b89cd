import "katex/dist/katex.min.css";
import ReactMarkdown from "react-markdown";
import type { Options } from "react-markdown";
import rehypeKatex from "rehype-katex";
import remarkMath from "remark-math";
import { remarkDisplayMath, remarkLineBreaks } from "@/lib/markdown/plugins";

const remarkPlugins = [remarkMath, remarkDisplayMath, remarkLineBreaks];
/**
 * Limits for math written by whoever uploaded the items: a box at most 10em (\rule{100000em}{100000em} would cover
 * every page) and at most 1,000 macro expansions (nested \def would freeze the renderer). Errors show as red source.
 */
const KATEX_OPTIONS = { maxSize: 10, maxExpand: 1000, strict: "ignore", throwOnError: false } as const;
const rehypePlugins: Options["rehypePlugins"] = [[rehypeKatex, KATEX_OPTIONS]];

/**
 * Question text, options and instructions, the same everywhere (annotation form, item page, instructions): Markdown
 * with line breaks kept, $inline$ and $$display$$ math (KaTeX). Raw HTML is not rendered.
 */
export function Markdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={className ? `markdown ${className}` : "markdown"}>
      <ReactMarkdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins}>
        {children}
      </ReactMarkdown>
    </div>
  );
}
