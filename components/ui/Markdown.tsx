import "katex/dist/katex.min.css";
import ReactMarkdown from "react-markdown";
import rehypeKatex from "rehype-katex";
import remarkMath from "remark-math";
import { remarkDisplayMath, remarkLineBreaks } from "@/lib/markdown/plugins";

const remarkPlugins = [remarkMath, remarkDisplayMath, remarkLineBreaks];
const rehypePlugins = [rehypeKatex];

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
