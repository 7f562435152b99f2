import { Suspense } from "react";
import { ChallengeView } from "../../_components/challenge-view";

// The view reads the tab from the search params, which needs a Suspense boundary.
export default function ChallengePage() {
  return (
    <Suspense fallback={<p className="muted">Loading…</p>}>
      <ChallengeView />
    </Suspense>
  );
}
