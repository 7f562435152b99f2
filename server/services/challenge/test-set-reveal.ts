// When a dataset's hidden test set may be described to participants (private scores,
// per-image results): only once every phase of every challenge scored on it has closed.
// A challenge that closes earlier must not reveal what another one still hides.
import { challengeRepository } from "../../repositories/challenge-repository";

export interface TestSetReveal {
  /** The last end of a phase on this test set; null when no phase uses it. */
  revealAt: Date | null;
  revealed: boolean;
  /** The challenges scored on this test set. */
  challenges: Array<{ id: string; slug: string; title: string }>;
}

/** Pure: the reveal of a test set from the challenges (and their phases) that use it. */
export function revealOf(challenges: ReadonlyArray<{ id: string; slug: string; title: string; phases: ReadonlyArray<{ endsAt: Date }> }>, now: Date): TestSetReveal {
  let revealAt: Date | null = null;
  for (const challenge of challenges) {
    for (const phase of challenge.phases) if (!revealAt || phase.endsAt > revealAt) revealAt = phase.endsAt;
  }
  return {
    revealAt,
    revealed: revealAt !== null && revealAt <= now,
    challenges: challenges.map(({ id, slug, title }) => ({ id, slug, title })),
  };
}

export async function getTestSetReveal(datasetId: string, now: Date = new Date()): Promise<TestSetReveal> {
  return revealOf(await challengeRepository.listByDatasetIncludePhaseEnds(datasetId), now);
}

export function revealMessage(reveal: TestSetReveal): string {
  if (!reveal.revealAt) return "once every phase using this test set has closed";
  const others = reveal.challenges.length > 1 ? ` (the test set backs ${reveal.challenges.length} challenges: ${reveal.challenges.map((c) => c.title).join(", ")})` : "";
  return `when every phase using this test set has closed, on ${reveal.revealAt.toISOString()}${others}`;
}
