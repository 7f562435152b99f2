// What the Submit tab says when no phase takes submissions: which phase closed and when, and
// what comes next. Decided on the server with the server's clock, like the phase states.
import { formatInstant } from "./phase-rules";
import { phaseState } from "./phase-state";

interface NoticePhase {
  name: string;
  startsAt: Date;
  endsAt: Date;
}

const when = formatInstant;

/** Null while a phase is open; otherwise one or two sentences for participants. */
export function submissionNotice(phases: readonly NoticePhase[], now: Date): string | null {
  if (phases.length === 0) return "This challenge has no phase yet: submissions open once its hosts schedule one.";
  if (phases.some((p) => phaseState(p, now) === "open")) return null;
  const lastClosed = phases.filter((p) => phaseState(p, now) === "closed").sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime())[0];
  const next = phases.filter((p) => phaseState(p, now) === "upcoming").sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  const closed = lastClosed ? `${lastClosed.name} closed on ${when(lastClosed.endsAt)}; it no longer accepts submissions.` : null;
  if (next) return [closed, `${closed ? "The next phase, " : ""}${next.name}${closed ? "," : ""} opens on ${when(next.startsAt)}.`].filter(Boolean).join(" ");
  return `${closed} No further phase is scheduled.`;
}
