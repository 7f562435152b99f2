"use client";
import Link from "next/link";

/** An error boundary's content. The error's message may hold server internals, so only its digest (for the logs) is shown. */
export function ErrorCard({ error, reset, what }: { error: Error & { digest?: string }; reset: () => void; what: string }) {
  return (
    <div className="page-center">
      <div className="card" role="alert">
        <h1>Something went wrong</h1>
        <p className="muted">
          {what} could not be shown. Try again; if it keeps failing, tell the site&apos;s administrators
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
