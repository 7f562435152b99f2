export const CHALLENGE_TABS = [
  { id: "overview", label: "Overview" },
  { id: "data", label: "Data" },
  { id: "evaluation", label: "Evaluation" },
  { id: "rules", label: "Rules" },
  { id: "leaderboard", label: "Leaderboard" },
  { id: "submit", label: "Submit" },
  { id: "mine", label: "My submissions" },
  { id: "transfer", label: "Transfer" },
] as const;
export type ChallengeTabId = (typeof CHALLENGE_TABS)[number]["id"];

/** The tab a `?tab=` value names; anything else (absent, repeated, unknown) is the overview. */
export function challengeTabOf(value: string | string[] | undefined): ChallengeTabId {
  return CHALLENGE_TABS.find((t) => t.id === value)?.id ?? "overview";
}
