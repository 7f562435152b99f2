"use client";
import Link from "next/link";
import { useParams, useSearchParams } from "next/navigation";
import { trpc } from "../_trpc/client";
import { DataTab } from "./data-tab";
import { EvaluationTab } from "./evaluation-tab";
import { errorMessage, formatDate, plural } from "./format";
import { LeaderboardTab } from "./leaderboard-tab";
import { Markdown } from "./markdown";
import { MySubmissionsTab } from "./my-submissions-tab";
import { PhaseSettings } from "./phase-settings";
import { PhaseSummary } from "./phase-summary";
import { PhaseTable } from "./phase-table";
import { SubmitTab } from "./submit-tab";
import { TransferTab } from "./transfer-tab";
import { useDocumentTitle } from "./use-document-title";

const TABS = [
  { id: "overview", label: "Overview" },
  { id: "data", label: "Data" },
  { id: "evaluation", label: "Evaluation" },
  { id: "rules", label: "Rules" },
  { id: "leaderboard", label: "Leaderboard" },
  { id: "submit", label: "Submit" },
  { id: "mine", label: "My submissions" },
  { id: "transfer", label: "Transfer" },
] as const;
type TabId = (typeof TABS)[number]["id"];

function isTabId(value: string | null): value is TabId {
  return TABS.some((t) => t.id === value);
}

export function ChallengeView() {
  const { slug } = useParams<{ slug: string }>();
  const searchParams = useSearchParams();
  const requested = searchParams.get("tab");
  const tab: TabId = isTabId(requested) ? requested : "overview";
  const challenge = trpc.challenge.bySlug.useQuery({ slug });
  useDocumentTitle(challenge.data ? `${challenge.data.title} · scopebench` : null);

  if (challenge.isPending) return <p className="muted">Loading…</p>;
  if (challenge.error) {
    return challenge.error.data?.code === "NOT_FOUND" ? (
      <>
        <h1>Challenge not found</h1>
        <p>
          There is no challenge at this address. <Link href="/">See all challenges</Link>.
        </p>
      </>
    ) : (
      <div className="error-box">{errorMessage(challenge.error)}</div>
    );
  }

  const c = challenge.data;
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
      </div>

      <nav className="tabs" aria-label="Challenge sections">
        {TABS.filter((t) => t.id !== "transfer" || c.submissionKinds.includes("onnx_model")).map((t) => (
          <Link
            key={t.id}
            href={`/challenges/${slug}?tab=${t.id}`}
            className={t.id === tab ? "active" : undefined}
            aria-current={t.id === tab ? "page" : undefined}
            scroll={false}
          >
            {t.label}
          </Link>
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
      {tab === "data" && <DataTab challenge={c} />}
      {tab === "evaluation" && <EvaluationTab challenge={c} />}
      {tab === "rules" && (
        <>
          <Markdown source={c.rulesMd} />
          {c.viewerIsHost && c.currentPhase && (
            // Keyed by phase so the form starts from the saved values when the phase changes.
            <PhaseSettings key={c.currentPhase.id} slug={slug} phase={c.currentPhase} />
          )}
        </>
      )}
      {tab === "leaderboard" && <LeaderboardTab slug={slug} viewerIsHost={c.viewerIsHost} />}
      {tab === "submit" && <SubmitTab slug={slug} phases={c.phases} acceptsModels={c.submissionKinds.includes("onnx_model")} />}
      {tab === "mine" && <MySubmissionsTab slug={slug} />}
      {tab === "transfer" && <TransferTab slug={slug} />}
    </>
  );
}
