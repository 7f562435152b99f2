"use client";
import Link from "next/link";
import type { SubmissionStatus } from "@/server/contracts/common";
import { trpc } from "../_trpc/client";
import { TransferForm } from "./transfer-form";
import { errorMessage, formatBytes, formatDate, formatDuration, formatScore } from "./format";
import { ScoreBreakdown } from "./score-breakdown";
import { StatusBadge } from "./status-badge";

const isActive = (status: SubmissionStatus) => status === "queued" || status === "running";

/** A submission the server has already loaded into the query cache; polls while it is being scored. */
export function SubmissionView({ id, isHost }: { id: string; isHost: boolean }) {
  const utils = trpc.useUtils();
  const submission = trpc.submission.byId.useQuery(
    { id },
    {
      // The status updates without a reload; polling stops once scoring has finished (or the lookup failed).
      refetchInterval: (query) => {
        if (query.state.status === "error") return false;
        const data = query.state.data;
        return !data || isActive(data.status) ? 1500 : false;
      },
    },
  );
  const refresh = () => utils.submission.byId.invalidate({ id });
  const cancel = trpc.submission.cancel.useMutation({ onSuccess: refresh });
  const rescore = trpc.submission.rescore.useMutation({ onSuccess: refresh });

  if (submission.isPending) return <p className="muted">Loading…</p>;
  if (submission.error) {
    return (
      <>
        <h1>Submission</h1>
        <div className="error-box">{errorMessage(submission.error)}</div>
        <p>
          <Link href="/">Back to the challenges</Link>
        </p>
      </>
    );
  }

  const s = submission.data;
  const actionError = cancel.error ?? rescore.error;
  const queuedMs = s.startedAt ? new Date(s.startedAt).getTime() - new Date(s.createdAt).getTime() : null;

  return (
    <>
      <Link href={`/challenges/${s.challengeSlug}?tab=mine`} className="back-link">
        ← {s.challengeTitle}
      </Link>
      <h1>
        Submission <StatusBadge status={s.status} testId="submission-status" />
        {s.isBaseline && <span className="badge neutral">baseline</span>}
      </h1>
      <p className="muted" style={{ marginTop: 0 }}>
        <span style={{ overflowWrap: "anywhere" }}>{s.filename}</span> · {s.phaseName} · by {s.userName}
        {s.chosen && <span className="badge">final</span>}
      </p>
      {s.message && (
        <p data-testid="submission-message" style={{ overflowWrap: "anywhere" }}>
          {s.message}
        </p>
      )}

      {isActive(s.status) && (
        <div className="info-box" role="status">
          {s.status === "queued" ? "Waiting for a scoring worker…" : "Scoring…"} This page updates by itself.
        </div>
      )}
      {s.status === "failed" && (
        <>
          <p style={{ marginBottom: 0 }}>
            <strong>
              {s.failureKind === "rejected"
                ? "The file was rejected. Fix it and submit again:"
                : "Scoring failed. If this keeps happening, tell the challenge hosts:"}
            </strong>
          </p>
          <div className="error-box" data-testid="submission-error" role="alert">
            {s.errorMessage ?? "No details were recorded."}
          </div>
        </>
      )}
      {s.status === "cancelled" && <div className="warn-box">A host cancelled this submission; it was not scored.</div>}

      <div className="stats">
        <div className="stat">
          <div className="label">Public score</div>
          <div className="value" data-testid="public-score">
            {formatScore(s.publicScore)}
          </div>
          <div className="hint">
            {s.metricId}, {s.higherIsBetter ? "higher is better" : "lower is better"}
            {s.scoringRuleVersion !== null && (
              <span data-testid="rule-version">
                {" "}
                · scoring rule v{s.scoringRuleVersion}
                {s.scoringRuleVersion < s.currentRuleVersion && ` (the rule is now at v${s.currentRuleVersion}: a re-score would apply it)`}
              </span>
            )}
            {s.ladder && (
              <span data-testid="ladder-score-note">
                {" "}
                — as the board’s overfitting guard (the Ladder) shows it: your best so far unless this submission improved on it by more than the noise; exact scores after the reveal
              </span>
            )}
          </div>
        </div>
        <div className="stat">
          <div className="label">Private score</div>
          {s.privateRevealed ? (
            <div className="value" data-testid="private-score">
              {formatScore(s.privateScore)}
            </div>
          ) : (
            <div className="value hidden-score" data-testid="private-score">
              hidden until the phase ends
              {s.revealAt && <div className="hint">{formatDate(s.revealAt)}, when every phase on these test images has closed</div>}
            </div>
          )}
        </div>
      </div>

      {isHost && (
        <div className="toolbar">
          {isActive(s.status) ? (
            <button
              type="button"
              className="danger"
              data-testid="cancel-submission"
              disabled={cancel.isPending}
              onClick={() => {
                if (confirm("Cancel this submission? It will not be scored.")) cancel.mutate({ id });
              }}
            >
              Cancel
            </button>
          ) : (
            <button
              type="button"
              className="secondary"
              data-testid="rescore-submission"
              disabled={rescore.isPending}
              onClick={() => rescore.mutate({ id })}
            >
              Re-score
            </button>
          )}
          <span className="muted small">Host actions</span>
        </div>
      )}
      {actionError && <div className="error-box">{errorMessage(actionError)}</div>}

      <h2>Details</h2>
      <div className="card">
        <dl className="details">
          <dt>File</dt>
          <dd>{s.filename}</dd>
          <dt>Size</dt>
          <dd>
            {formatBytes(s.sizeBytes)} ({s.sizeBytes.toLocaleString("en-US")} bytes)
          </dd>
          <dt>SHA-256</dt>
          <dd className="mono" data-testid="submission-sha256">
            {s.sha256}
          </dd>
          <dt>Kind</dt>
          <dd>{s.kind === "prediction_csv" ? "prediction CSV" : "ONNX model"}</dd>
          <dt>Created</dt>
          <dd>{formatDate(s.createdAt)}</dd>
          <dt>Started</dt>
          <dd>
            {formatDate(s.startedAt)}
            {queuedMs !== null && queuedMs >= 0 && <span className="muted"> (queued for {formatDuration(queuedMs)})</span>}
          </dd>
          <dt>Finished</dt>
          <dd>{formatDate(s.finishedAt)}</dd>
          <dt>Scoring time</dt>
          <dd>{s.scoringMs === null ? "—" : formatDuration(s.scoringMs)}</dd>
          {s.model && (
            <>
              <dt>Model run</dt>
              <dd data-testid="model-throughput">
                {s.model.images} hidden test images at {s.model.imagesPerSecond.toFixed(1)} images/s ({formatDuration(s.model.inferenceMs)} of
                inference, {formatDuration(s.model.loopMs)} in all)
              </dd>
            </>
          )}
        </dl>
      </div>
      {s.kind === "onnx_model" && s.status === "scored" && <TransferForm submissionId={s.id} challengeSlug={s.challengeSlug} />}

      <ScoreBreakdown s={s} />
    </>
  );
}
