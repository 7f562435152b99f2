"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <>
      <h1>Something went wrong</h1>
      <p className="muted">The page could not be shown. Try again; if it keeps failing, tell the site's administrators.</p>
      <button onClick={reset}>Try again</button>
    </>
  );
}
