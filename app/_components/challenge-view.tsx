"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { trpc } from "../_trpc/client";
import { formatDate } from "./format";
import { LeaderboardTab } from "./leaderboard-tab";
import { Markdown } from "./markdown";
import { MySubmissionsTab } from "./my-submissions-tab";
import { PhaseSettings } from "./phase-settings";
import { SubmitTab } from "./submit-tab";

const TABS = [
  ["overview", "Overview"],
  ["data", "Data"],
  ["evaluation", "Evaluation"],
  ["rules", "Rules"],
  ["leaderboard", "Leaderboard"],
  ["submit", "Submit"],
  ["mine", "My submissions"],
] as const;
type Tab = (typeof TABS)[number][0];

export function ChallengeView({ slug }: { slug: string }) {
  const params = useSearchParams();
  const requested = params.get("tab");
  const tab: Tab = TABS.some(([id]) => id === requested) ? (requested as Tab) : "overview";
  const challenge = trpc.challenge.bySlug.useQuery({ slug });

  if (challenge.isLoading) return <p className="muted">Loading…</p>;
  if (challenge.error || !challenge.data) {
    return <div className="error-box">{challenge.error?.message ?? "Not found."}</div>;
  }
  const c = challenge.data;
  return (
    <>
      <h1>{c.title}</h1>
      <p className="muted">{c.summary}</p>
      <div className="meta">
        {c.currentPhase && (
          <span>
            {c.currentPhase.name} <span className={`badge ${c.currentPhase.state}`}>{c.currentPhase.state}</span>{" "}
            {formatDate(c.currentPhase.startsAt)} – {formatDate(c.currentPhase.endsAt)}
          </span>
        )}
        <span>metric: {c.metric.title}</span>
        <span>{c.participants} {c.participants === 1 ? "participant" : "participants"}</span>
        {c.viewerIsHost && <span className="badge">you host this challenge</span>}
      </div>
      <nav className="tabs">
        {TABS.map(([id, label]) => (
          <Link key={id} href={`/challenges/${slug}?tab=${id}`} className={id === tab ? "active" : ""} scroll={false}>
            {label}
          </Link>
        ))}
      </nav>
      {tab === "overview" && <Markdown source={c.overviewMd} />}
      {tab === "data" && (
        <>
          <div className="stats">
            <div className="stat"><div className="label">Training images</div><div className="score-big">{c.dataset.images.train}</div></div>
            <div className="stat"><div className="label">Test images</div><div className="score-big">{c.dataset.images.publicTest + c.dataset.images.privateTest}</div></div>
          </div>
          <h2>Downloads</h2>
          <ul>
            {c.downloads.map((d) => (
              <li key={d.name}>
                <a href={d.href} download data-testid={`download-${d.name}`}>{d.name}</a> — {d.label}
              </li>
            ))}
          </ul>
          <Markdown source={c.dataMd} />
        </>
      )}
      {tab === "evaluation" && (
        <>
          <Markdown source={c.evaluationMd} />
          <h2>Scorer</h2>
          <p>
            <code>{c.metric.id}</code> version {c.metric.version} ({c.metric.higherIsBetter ? "higher is better" : "lower is better"}),
            parameters <code>{JSON.stringify(c.metric.params)}</code>
          </p>
        </>
      )}
      {tab === "rules" && (
        <>
          <Markdown source={c.rulesMd} />
          {c.viewerIsHost && c.currentPhase && <PhaseSettings key={c.currentPhase.id} slug={slug} phase={c.currentPhase} />}
        </>
      )}
      {tab === "leaderboard" && <LeaderboardTab slug={slug} viewerIsHost={c.viewerIsHost} phaseId={c.currentPhase?.id} />}
      {tab === "submit" && <SubmitTab slug={slug} />}
      {tab === "mine" && <MySubmissionsTab slug={slug} />}
    </>
  );
}
