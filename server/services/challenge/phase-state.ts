export type PhaseState = "upcoming" | "open" | "closed";

interface PhaseTimes {
  startsAt: Date;
  endsAt: Date;
}

export function phaseState(phase: PhaseTimes, now: Date): PhaseState {
  if (now < phase.startsAt) return "upcoming";
  if (now >= phase.endsAt) return "closed";
  return "open";
}

/**
 * The phase people mean by "now": the open one; otherwise the next to open; otherwise the
 * last one that ran. Phases are given in their display order.
 */
export function currentPhase<P extends PhaseTimes>(phases: readonly P[], now: Date): P | null {
  const open = phases.find((p) => phaseState(p, now) === "open");
  if (open) return open;
  const upcoming = phases
    .filter((p) => phaseState(p, now) === "upcoming")
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  if (upcoming) return upcoming;
  return [...phases].sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime())[0] ?? null;
}

/**
 * The board people mean by "the leaderboard": the open phase's; otherwise the one that closed
 * last (its results, while a next stage has not opened yet); otherwise the next to open.
 */
export function boardPhase<P extends PhaseTimes>(phases: readonly P[], now: Date): P | null {
  const open = phases.find((p) => phaseState(p, now) === "open");
  if (open) return open;
  const closed = phases.filter((p) => phaseState(p, now) === "closed").sort((a, b) => b.endsAt.getTime() - a.endsAt.getTime())[0];
  return closed ?? currentPhase(phases, now);
}
