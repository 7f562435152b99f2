import { Suspense } from "react";
import { ChallengeView } from "../../_components/challenge-view";

export default async function ChallengePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ChallengeView slug={slug} />
    </Suspense>
  );
}
