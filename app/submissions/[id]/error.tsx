"use client";
import { ErrorCard } from "../../_components/error-card";

export default function SubmissionError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorCard error={error} reset={reset} what="This submission" />;
}
