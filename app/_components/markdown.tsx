import ReactMarkdown from "react-markdown";

/** Markdown without raw HTML: react-markdown ignores HTML unless rehype-raw is added (it is not). */
export function Markdown({ source }: { source: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown skipHtml>{source}</ReactMarkdown>
    </div>
  );
}
