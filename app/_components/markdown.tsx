import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

/**
 * Markdown with GitHub's tables and autolinks, without raw HTML: react-markdown ignores HTML
 * unless rehype-raw is added (it is not), so host-written pages cannot inject markup.
 */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml remarkPlugins={[remarkGfm]}>
        {source}
      </ReactMarkdown>
    </div>
  );
}
