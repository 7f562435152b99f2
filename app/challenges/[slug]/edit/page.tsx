import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ChallengeEditor } from "../../../_components/challenge-editor";
import { ChallengeHosts } from "../../../_components/challenge-hosts";
import { ExportBundleButton } from "../../../_components/export-bundle-button";
import { CustomScorerPanel } from "../../../_components/custom-scorer-panel";
import { PhaseManager } from "../../../_components/phase-manager";
import { ScoringRulePanel } from "../../../_components/scoring-rule-panel";
import { SignInPrompt } from "../../../_components/sign-in-prompt";
import { TeamSettings } from "../../../_components/team-settings";
import { api, getViewer, HydrateClient, orNotFound } from "../../../_trpc/server";

interface Props {
  params: Promise<{ slug: string }>;
}

export const metadata: Metadata = { title: "Edit challenge · scopebench" };

/** What hosts change after opening a challenge: its pages, its scoring rule, its phases, its hosts and its scorer. */
export default async function EditChallengePage({ params }: Props) {
  const [{ slug }, viewer] = await Promise.all([params, getViewer()]);
  if (!viewer) return <SignInPrompt callbackUrl={`/challenges/${slug}/edit`} action="as a host to edit this challenge" />;
  const challenge = await orNotFound(api.challenge.bySlug({ slug }));
  // Like the API: a challenge one does not host is "not found", whether it exists or not.
  if (!challenge.viewerIsHost) notFound();
  await Promise.all([api.challenge.hosts.prefetch({ slug }), api.scoringRule.get.prefetch({ slug })]);
  return (
    <HydrateClient>
      <Link href={`/challenges/${slug}`} className="back-link">
        ← {challenge.title}
      </Link>
      <h1>Edit the challenge</h1>
      <ExportBundleButton slug={slug} />
      <ChallengeEditor key={`${challenge.title}:${challenge.summary}`} challenge={challenge} />
      <ScoringRulePanel slug={slug} />
      <PhaseManager slug={slug} phases={challenge.phases} />
      <TeamSettings slug={slug} deadline={challenge.teamMergeDeadline} />
      <ChallengeHosts slug={slug} viewerId={viewer.id} />
      <CustomScorerPanel slug={slug} />
    </HydrateClient>
  );
}
