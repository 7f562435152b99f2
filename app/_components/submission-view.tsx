"use client";
import Link from "next/link";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { errorMessage, formatBytes, formatDate, formatScore } from "./format";
import { StatusBadge } from "./status-badge";

const ACTIVE = new Set(["queued", "running"]);

export function SubmissionView({ id }: { id: string }) {
  const utils = trpc.useUtils();
  const [order, setOrder] = useState<"asc" | "desc">("asc");
  const submission = trpc.submission.byId.useQuery(
    { id },
    // Status updates without a reload; polling stops once the submission is finished.
    { refetchInterval: (query) => (query.state.data && !ACTIVE.has(query.state.data.status) ? false : 1500) },
  );
  const challenge = trpc.challenge.bySlug.useQuery(
    { slug: submission.data?.challengeSlug ?? "" },
    { enabled: Boolean(submission.data) },
  );
  const refresh = () => utils.submission.byId.invalidate({ id });
  const cancel = trpc.submission.cancel.useMutation({ onSuccess: refresh });
  const rescore = trpc.submission.rescore.useMutation({ onSuccess: refresh });

  if (submission.isLoading) return <p className="muted">Loading…</p>;
  if (submission.error || !submission.data) return <div className="error-box">{submission.error?.message ?? "Not found."}</div>;
  const s = submission.data;
  const items = [...s.perItem].sort((a, b) => (order === "asc" ? a.score - b.score : b.score - a.score));
  const isHost = challenge.data?.viewerIsHost ?? false;

  return (
    <>
      <p>
        <Link href={`/challenges/${s.challengeSlug}?tab=mine`}>← {s.challengeTitle}</Link>
      </p>
      <h1>
        Submission <StatusBadge status={s.status} testId="submission-status" />
      </h1>
      <p className="muted">
        {s.filename} · {formatBytes(s.sizeBytes)} · sha256 <code>{s.sha256.slice(0, 16)}…</code> · {s.phaseName} · by {s.userName}
      </p>
      {ACTIVE.has(s.status) && <p className="muted">{s.status === "queued" ? "Waiting for a scoring worker…" : "Scoring…"} This page updates by itself.</p>}
      {s.status === "failed" && (
        <div className="error-box" data-testid="submission-error">
          {s.failureKind === "rejected" ? "The file was rejected: " : ""}
          {s.errorMessage}
        </div>
      )}
      <div className="stats" style={{ marginTop: "1rem" }}>
        <div className="stat">
          <div className="label">Public score</div>
          <div className="score-big" data-testid="public-score">{formatScore(s.publicScore)}</div>
        </div>
        <div className="stat">
          <div className="label">Private score</div>
          <div className={s.privateRevealed ? "score-big" : "muted"} data-testid="private-score">
            {s.privateRevealed ? formatScore(s.privateScore) : "hidden until the phase ends"}
          </div>
        </div>
        <div className="stat">
          <div className="label">Timings</div>
          <div>submitted {formatDate(s.createdAt)}</div>
          <div>started {formatDate(s.startedAt)}</div>
          <div>finished {formatDate(s.finishedAt)}</div>
          {s.scoringMs !== null && <div>scoring took {(s.scoringMs / 1000).toFixed(2)} s</div>}
        </div>
      </div>
      {isHost && (
        <div className="row" style={{ marginTop: "1rem" }}>
          {ACTIVE.has(s.status) ? (
            <button className="danger" onClick={() => cancel.mutate({ id })} disabled={cancel.isPending}>Cancel</button>
          ) : (
            <button className="secondary" onClick={() => rescore.mutate({ id })} disabled={rescore.isPending}>Re-score</button>
          )}
          {(cancel.error ?? rescore.error) && <span className="error-box">{errorMessage(cancel.error ?? rescore.error)}</span>}
        </div>
      )}
      {s.perThreshold.length > 0 && (
        <>
          <h2>Precision at each IoU threshold</h2>
          <table>
            <thead>
              <tr>{s.perThreshold.map((t) => <th key={t.threshold} className="num">{t.threshold.toFixed(2)}</th>)}</tr>
            </thead>
            <tbody>
              <tr>{s.perThreshold.map((t) => <td key={t.threshold} className="num">{t.value.toFixed(4)}</td>)}</tr>
            </tbody>
          </table>
        </>
      )}
      {s.perClass.length > 0 && (
        <>
          <h2>Per class</h2>
          <table>
            <thead><tr><th>Class</th><th className="num">F1</th><th className="num">Precision</th><th className="num">Recall</th><th className="num">Support</th></tr></thead>
            <tbody>
              {s.perClass.map((c) => (
                <tr key={c.classId}><td>{c.classId} {c.name}</td><td className="num">{c.f1.toFixed(4)}</td><td className="num">{c.precision.toFixed(4)}</td><td className="num">{c.recall.toFixed(4)}</td><td className="num">{c.support}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {items.length > 0 && (
        <>
          <h2>Per image {!s.privateRevealed && <span className="muted">(public images only until the phase ends)</span>}</h2>
          <table data-testid="per-image-table">
            <thead>
              <tr>
                <th>ImageId</th>
                <th>Usage</th>
                <th className="num">
                  <a href="#" onClick={(e) => { e.preventDefault(); setOrder(order === "asc" ? "desc" : "asc"); }}>
                    Score {order === "asc" ? "▲" : "▼"}
                  </a>
                </th>
                <th>Details</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td><code>{item.id.length > 24 ? `${item.id.slice(0, 24)}…` : item.id}</code></td>
                  <td>{item.usage ?? "—"}</td>
                  <td className="num">{item.score.toFixed(4)}</td>
                  <td className="muted">{item.values ? Object.entries(item.values).map(([k, v]) => `${k} ${v}`).join(" · ") : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
