"use client";
import { trpc } from "../_trpc/client";

/**
 * How often an open board re-asks. Cheap: leaderboard.get goes out unbatched (see
 * app/_trpc/provider.tsx), so the browser revalidates its copy with If-None-Match and an
 * unchanged board comes back as an empty 304 (server/api/conditional-leaderboard.ts).
 */
const LEADERBOARD_REFRESH_MS = 10_000;

/** A leaderboard that follows new scores while the tab is visible. */
export function useLeaderboardLive(input: { challenge: string; board: "public" | "private"; page: number; phaseId?: string }) {
  return trpc.leaderboard.get.useQuery(input, {
    refetchInterval: LEADERBOARD_REFRESH_MS,
    // Hidden tabs stop asking; coming back asks at once.
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  });
}
