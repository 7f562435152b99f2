"use client";
import Link from "next/link";

// The error's message may hold server internals, so only its digest (for the logs) is shown.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="page-center">
      <div className="card">
        <h1>Something went wrong</h1>
        <p className="muted">
          This page could not be shown. Try again; if it keeps failing, tell the site&apos;s administrators
          {error.digest ? (
            <>
              {" "}
              and quote <code>{error.digest}</code>
            </>
          ) : null}
          .
        </p>
        <div className="form-actions">
          <button type="button" onClick={reset}>
            Try again
          </button>
          <Link href="/">Back to the challenges</Link>
        </div>
      </div>
    </div>
  );
}
