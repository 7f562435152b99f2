"use client";
import Link from "next/link";
import { formatDate } from "./_components/format";
import { trpc } from "./_trpc/client";

export default function HomePage() {
  const challenges = trpc.challenge.list.useQuery();
  return (
    <>
      <h1>Challenges</h1>
      <p className="muted">Benchmarks with hidden ground truth, sandboxed scoring and public and private leaderboards.</p>
      {challenges.isLoading && <p className="muted">Loading…</p>}
      {challenges.error && <div className="error-box">{challenges.error.message}</div>}
      {challenges.data?.length === 0 && <p>No challenges yet.</p>}
      <div className="grid">
        {challenges.data?.map((c) => (
          <div className="card challenge-card" key={c.slug}>
            <h2>
              <Link href={`/challenges/${c.slug}`}>{c.title}</Link>
            </h2>
            <div>{c.summary}</div>
            <div className="meta">
              <span>metric: {c.metricId}</span>
              {c.currentPhase && (
                <span>
                  {c.currentPhase.name} <span className={`badge ${c.currentPhase.state}`}>{c.currentPhase.state}</span>
                  {c.currentPhase.state === "open" && <> until {formatDate(c.currentPhase.endsAt)}</>}
                </span>
              )}
              <span>{c.participants} {c.participants === 1 ? "participant" : "participants"}</span>
              <span>{c.submissions} {c.submissions === 1 ? "submission" : "submissions"}</span>
            </div>
          </div>
        ))}
      </div>
    </>
  );
}
