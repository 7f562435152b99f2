import type { SubmissionStatus } from "@/server/contracts/common";

/** The text is exactly the status word: tests and the CLI compare it verbatim. */
export function StatusBadge({ status, testId }: { status: SubmissionStatus; testId?: string }) {
  return (
    <span className={`badge ${status}`} data-testid={testId}>
      {status}
    </span>
  );
}
