import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { challengeTabOf, CHALLENGE_TABS, leaderboardPageOf, type ChallengeTabId } from "../../_components/challenge-tabs";
import { ChallengeView } from "../../_components/challenge-view";
import { api, HydrateClient, getViewer, orNull } from "../../_trpc/server";

interface Props {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** Shared by generateMetadata and the page: one query per request. Null when unknown or hidden. */
const challengeOrNull = cache((slug: string) => orNull(api.challenge.bySlug({ slug })));

export async function generateMetadata({ params, searchParams }: Props): Promise<Metadata> {
  const [{ slug }, query] = await Promise.all([params, searchParams]);
  const challenge = await challengeOrNull(slug);
  if (!challenge) return { title: "Challenge not found · scopebench" };
  const tab = challengeTabOf(query.tab);
  const label = CHALLENGE_TABS.find((t) => t.id === tab)?.label;
  return {
    title: tab === "overview" ? `${challenge.title} · scopebench` : `${label} · ${challenge.title} · scopebench`,
    description: challenge.summary,
  };
}

/**
 * What the chosen tab's client components ask for, put in the request's query cache so their
 * first render (the server's HTML) already has it. Signed-in-only queries only when signed in.
 * The leaderboard's input must be the one LeaderboardTab asks with (same keys), or hydration misses.
 */
function prefetchTab(tab: ChallengeTabId, slug: string, signedIn: boolean, leaderboardPage: number): Promise<unknown> {
  switch (tab) {
    case "leaderboard":
      return api.leaderboard.get.prefetch({ challenge: slug, board: "public", page: leaderboardPage });
    case "data":
      return api.challenge.gallery.prefetch({ slug, page: 0, pageSize: 12 });
    case "submit":
      return signedIn ? api.submission.quota.prefetch({ slug }) : Promise.resolve();
    case "mine":
      return signedIn ? api.submission.mine.prefetch({ challenge: slug }) : Promise.resolve();
    case "transfer":
      return api.challenge.transfers.prefetch({ slug });
    case "teams":
      return Promise.all([api.team.list.prefetch({ slug }), signedIn ? api.team.mine.prefetch({ slug }) : Promise.resolve()]);
    default:
      return Promise.resolve();
  }
}

export default async function ChallengePage({ params, searchParams }: Props) {
  const [{ slug }, query, viewer] = await Promise.all([params, searchParams, getViewer()]);
  const tab = challengeTabOf(query.tab);
  const leaderboardPage = leaderboardPageOf(query.page);
  // In parallel: the challenge, the tab's data, and the data tab's statistics.
  const [challenge, , stats] = await Promise.all([
    challengeOrNull(slug),
    prefetchTab(tab, slug, viewer !== null, leaderboardPage),
    tab === "data" ? orNull(api.challenge.data({ slug })) : null,
  ]);
  // Before anything streams, so the status is a real 404 (hidden challenges answer the same).
  if (!challenge) notFound();
  return (
    <HydrateClient>
      <ChallengeView
        challenge={challenge}
        tab={tab}
        stats={stats?.stats ?? null}
        signedIn={viewer !== null}
        leaderboardPage={leaderboardPage}
      />
    </HydrateClient>
  );
}
