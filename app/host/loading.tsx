// Streams at once while the page's data loads on the server (this page never answers 404).
export default function Loading() {
  return (
    <p className="muted" role="status">
      Loading…
    </p>
  );
}
