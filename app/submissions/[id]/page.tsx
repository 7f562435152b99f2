import type { Metadata } from "next";
import { cache } from "react";
import { SignInPrompt } from "../../_components/sign-in-prompt";
import { SubmissionView } from "../../_components/submission-view";
import { api, fetchIntoCache, getViewer, HydrateClient, orNotFound, orNull } from "../../_trpc/server";

interface Props {
  params: Promise<{ id: string }>;
}

/**
 * Into the query cache, under the key of the hook that polls it while the submission is scored.
 * Shared by generateMetadata and the page: one query per request.
 */
const loadSubmission = cache((id: string) => fetchIntoCache("submission.byId", { id }, () => api.submission.byId({ id })));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  if (!(await getViewer())) return { title: "Submission · scopebench" };
  const submission = await orNull(loadSubmission(id));
  if (!submission) return { title: "Submission not found · scopebench" };
  return {
    title: `${submission.filename} · ${submission.challengeTitle} · scopebench`,
    description: `A submission by ${submission.userName} to ${submission.challengeTitle} (${submission.phaseName}).`,
  };
}

export default async function SubmissionPage({ params }: Props) {
  const [{ id }, viewer] = await Promise.all([params, getViewer()]);
  // Submissions are visible to their owner and the challenge's hosts only; an anonymous reader is asked to sign in.
  if (!viewer) return <SignInPrompt callbackUrl={`/submissions/${id}`} action="to see this submission" />;
  // Unknown, invisible or malformed ids: a real 404, before anything streams.
  const submission = await orNotFound(loadSubmission(id));
  // Hosts get cancel and re-score buttons; the challenge says whether the viewer hosts it.
  const challenge = await orNull(api.challenge.bySlug({ slug: submission.challengeSlug }));
  return (
    <HydrateClient>
      <SubmissionView id={id} isHost={challenge?.viewerIsHost ?? false} />
    </HydrateClient>
  );
}
