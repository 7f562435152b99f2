export const CHALLENGE_TABS = [
  { id: "overview", label: "Overview" },
  { id: "data", label: "Data" },
  { id: "evaluation", label: "Evaluation" },
  { id: "rules", label: "Rules" },
  { id: "leaderboard", label: "Leaderboard" },
  { id: "submit", label: "Submit" },
  { id: "mine", label: "My submissions" },
  { id: "teams", label: "Teams" },
  { id: "transfer", label: "Transfer" },
] as const;
export type ChallengeTabId = (typeof CHALLENGE_TABS)[number]["id"];

/** The tab a `?tab=` value names; anything else (absent, repeated, unknown) is the overview. */
export function challengeTabOf(value: string | string[] | undefined): ChallengeTabId {
  return CHALLENGE_TABS.find((t) => t.id === value)?.id ?? "overview";
}

/** The leaderboard page a URL's `page` names: a whole number from 1, else the first page. */
export function leaderboardPageOf(value: string | string[] | undefined): number {
  const n = typeof value === "string" && /^\d{1,7}$/.test(value) ? Number(value) : 1;
  return n >= 1 && n <= 1_000_000 ? n : 1;
}
