import Link from "next/link";
import type { ChallengeSummaryDto } from "@/server/contracts/challenge";
import { plural } from "./format";
import { PhaseSummary } from "./phase-summary";

export function ChallengeList({ challenges }: { challenges: ChallengeSummaryDto[] }) {
  if (challenges.length === 0) return <div className="empty">No challenges have been published yet.</div>;

  return (
    <div className="grid" data-testid="challenge-list">
      {challenges.map((c) => (
        <article className="card challenge-card" key={c.slug}>
          <h2>
            <Link href={`/challenges/${c.slug}`}>{c.title}</Link>{" "}
            {c.status !== "active" && <span className={`badge ${c.status}`}>{c.status}</span>}
          </h2>
          <div className="summary">{c.summary}</div>
          <div className="card-footer">
            <div className="meta">
              <PhaseSummary phase={c.currentPhase} />
            </div>
            <div className="meta">
              <span className="item">
                metric <code>{c.metricId}</code>
              </span>
              <span className="item">{plural(c.participants, "participant")}</span>
              <span className="item">{plural(c.submissions, "submission")}</span>
            </div>
          </div>
        </article>
      ))}
    </div>
  );
}
