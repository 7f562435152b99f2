import type { PhaseDto } from "@/server/contracts/challenge";
import { formatDate } from "./format";

/** "Stage 1 [open] ends 5/1/2026, 12:00:00 AM": the one line a participant needs about a phase. */
export function PhaseSummary({ phase }: { phase: PhaseDto | null }) {
  if (!phase) return <span className="item">No phase scheduled</span>;
  const when =
    phase.state === "upcoming"
      ? `opens ${formatDate(phase.startsAt)}`
      : phase.state === "open"
        ? `ends ${formatDate(phase.endsAt)}`
        : `ended ${formatDate(phase.endsAt)}`;
  return (
    <span className="item">
      {phase.name} <span className={`badge ${phase.state}`}>{phase.state}</span> {when}
    </span>
  );
}
