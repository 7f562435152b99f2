import Link from "next/link";
import type { ChallengeDataDto, ChallengeDetailDto } from "@/server/contracts/challenge";
import { CHALLENGE_TABS, type ChallengeTabId } from "./challenge-tabs";
import { DataTab } from "./data-tab";
import { EvaluationTab } from "./evaluation-tab";
import { formatDate, plural } from "./format";
import { LeaderboardTab } from "./leaderboard-tab";
import { Markdown } from "./markdown";
import { MySubmissionsTab } from "./my-submissions-tab";
import { PhaseSettings } from "./phase-settings";
import { PhaseSummary } from "./phase-summary";
import { PhaseTable } from "./phase-table";
import { SubmitTab } from "./submit-tab";
import { TabLink } from "./tab-link";
import { TeamsTab } from "./teams-tab";
import { TransferTab } from "./transfer-tab";

/**
 * A challenge and the tab the URL names, rendered on the server: the HTML holds the chosen
 * tab's content. Interactive tabs are client components whose queries the page prefetched.
 */
export function ChallengeView({
  challenge: c,
  tab,
  stats,
  signedIn,
  leaderboardPage,
}: {
  challenge: ChallengeDetailDto;
  tab: ChallengeTabId;
  stats: ChallengeDataDto["stats"];
  signedIn: boolean;
  /** Which page of the leaderboard the URL names (`?tab=leaderboard&page=2`). */
  leaderboardPage: number;
}) {
  const slug = c.slug;
  return (
    <>
      <Link href="/" className="back-link">
        ← All challenges
      </Link>
      <h1>
        {c.title} {c.status !== "active" && <span className={`badge ${c.status}`}>{c.status}</span>}
      </h1>
      <p className="lead">{c.summary}</p>
      <div className="meta" data-testid="challenge-meta">
        <PhaseSummary phase={c.currentPhase} />
        <span className="item">metric: {c.metric.title}</span>
        <span className="item">{plural(c.participants, "participant")}</span>
        <span className="item">{plural(c.submissions, "submission")}</span>
        {c.viewerIsHost && <span className="badge neutral">you host this challenge</span>}
        {c.viewerIsHost && (
          <Link href={`/challenges/${slug}/edit`} className="item" data-testid="edit-challenge-link">
            Edit pages, phases and hosts
          </Link>
        )}
      </div>

      <nav className="tabs" aria-label="Challenge sections">
        {CHALLENGE_TABS.filter((t) => t.id !== "transfer" || c.submissionKinds.includes("onnx_model")).map((t) => (
          <TabLink key={t.id} href={`/challenges/${slug}?tab=${t.id}`} active={t.id === tab}>
            {t.label}
          </TabLink>
        ))}
      </nav>

      {tab === "overview" && (
        <>
          <Markdown source={c.overviewMd} />
          {c.phases.length > 0 && (
            <>
              <h2>Phases</h2>
              <PhaseTable phases={c.phases} />
            </>
          )}
          <p className="muted small" data-testid="test-set-reveal">
            {c.testSet.revealed
              ? "The test set has been revealed: private scores and per-image results are public."
              : `Private scores and per-image results are revealed when every phase using these test images has closed${c.testSet.revealAt ? ` (${formatDate(c.testSet.revealAt)})` : ""}.`}
            {c.testSet.sharedWith.length > 0 && (
              <>
                {" "}
                The same test images back {c.testSet.sharedWith.map((other, i) => (
                  <span key={other.slug}>
                    {i > 0 && ", "}
                    <Link href={`/challenges/${other.slug}`}>{other.title}</Link>
                  </span>
                ))}
                .
              </>
            )}
          </p>
        </>
      )}
      {tab === "data" && <DataTab challenge={c} stats={stats} />}
      {tab === "evaluation" && <EvaluationTab challenge={c} />}
      {tab === "rules" && (
        <>
          <Markdown source={c.rulesMd} />
          {/* Written from the phase settings at every request, apart from the host's own text, so it is never stale. */}
          <section className="card" data-testid="phase-rules">
            <h2>Phases, dates and quotas</h2>
            <p className="muted small">From the phase settings as they are now; times in UTC.</p>
            <Markdown source={c.phaseRulesMd} />
          </section>
          {c.viewerIsHost && c.currentPhase && (
            // Keyed by phase so the form starts from the saved values when the phase changes.
            <PhaseSettings key={c.currentPhase.id} slug={slug} phase={c.currentPhase} />
          )}
        </>
      )}
      {tab === "leaderboard" && <LeaderboardTab slug={slug} viewerIsHost={c.viewerIsHost} page={leaderboardPage} phases={c.phases} />}
      {tab === "submit" && (
        <SubmitTab
          slug={slug}
          phases={c.phases}
          acceptsModels={c.submissionKinds.includes("onnx_model")}
          signedIn={signedIn}
          notice={c.submissionNotice}
        />
      )}
      {tab === "mine" && <MySubmissionsTab slug={slug} signedIn={signedIn} />}
      {tab === "transfer" && <TransferTab slug={slug} />}
      {tab === "teams" && <TeamsTab slug={slug} signedIn={signedIn} />}
    </>
  );
}
