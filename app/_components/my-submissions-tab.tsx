"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { trpc } from "../_trpc/client";
import { errorMessage, formatDate, formatScore } from "./format";
import { SignInPrompt } from "./sign-in-prompt";
import { StatusBadge } from "./status-badge";

const ERROR_PREVIEW_CHARS = 90;

function shorten(text: string): string {
  return text.length > ERROR_PREVIEW_CHARS ? `${text.slice(0, ERROR_PREVIEW_CHARS)}…` : text;
}

export function MySubmissionsTab({ slug, signedIn }: { slug: string; signedIn: boolean }) {
  const router = useRouter();
  const mine = trpc.submission.mine.useQuery(
    { challenge: slug },
    {
      enabled: signedIn,
      // Poll only while something is still being scored.
      refetchInterval: (query) =>
        query.state.data?.some((s) => s.status === "queued" || s.status === "running") ? 3000 : false,
    },
  );

  const utils = trpc.useUtils();
  const quota = trpc.submission.quota.useQuery({ slug }, { enabled: signedIn });
  const choose = trpc.submission.chooseFinal.useMutation({
    onSuccess: () => Promise.all([utils.submission.mine.invalidate({ challenge: slug }), utils.submission.quota.invalidate({ slug })]),
  });
  const commit = trpc.submission.commitModel.useMutation({ onSuccess: () => utils.submission.mine.invalidate({ challenge: slug }) });
  // Choices are made in the current phase while it is open.
  const finals = quota.data?.phaseState === "open" && !quota.data.committedModels ? { phaseId: quota.data.phaseId, ...quota.data.finalChoices } : null;
  // A later stage runs one ONNX model per participant committed in this phase.
  const commitsFor = finals ? quota.data?.commitsFor ?? null : null;

  if (!signedIn) {
    return <SignInPrompt callbackUrl={`/challenges/${slug}?tab=mine`} action="to see your submissions" />;
  }
  if (mine.isPending) return <p className="muted">Loading your submissions…</p>;
  if (mine.error) return <div className="error-box">{errorMessage(mine.error)}</div>;
  if (mine.data.length === 0) {
    return (
      <div className="empty">
        You have not submitted to this challenge yet. <Link href={`/challenges/${slug}?tab=submit`}>Make a submission</Link>.
      </div>
    );
  }

  return (
    <div className="table-wrap">
      {finals && (
        <p className="muted small" data-testid="final-choices-note">
          Final submissions: you have chosen <strong>{finals.chosen} of {finals.limit}</strong> for the private leaderboard of {quota.data?.phaseName}; the
          best private score among them counts. Choices close {formatDate(finals.closesAt)}. Without a choice, the private score of your best public
          submission counts.
        </p>
      )}
      {commitsFor && (
        <p className="muted small" data-testid="commit-model-note">
          {commitsFor} runs one model per participant, committed here: tick <strong>Commit</strong> on one of your scored ONNX models. Without a choice, your
          best public model runs. {commitsFor} starts with test images nobody has seen yet.
        </p>
      )}
      {commit.error && <div className="error-box">{errorMessage(commit.error)}</div>}
      {choose.error && (
        <div className="error-box" data-testid="final-choice-error">
          {errorMessage(choose.error)}
        </div>
      )}
      <table data-testid="my-submissions-table">
        <thead>
          <tr>
            <th>Submitted</th>
            <th>File</th>
            <th>Status</th>
            <th className="num">Public score</th>
            <th className="num">Private score</th>
            <th>Message</th>
            {finals && <th title="Chosen for the private leaderboard">Final</th>}
            {commitsFor && <th title={`The model ${commitsFor} runs`}>Commit</th>}
          </tr>
        </thead>
        <tbody>
          {mine.data.map((s) => (
            <tr
              key={s.id}
              className="clickable"
              data-testid="my-submission-row"
              // The whole row opens the submission; the link in the first cell keeps it keyboard- and middle-click-friendly.
              onClick={(e) => {
                if (!(e.target instanceof Element && e.target.closest("a"))) router.push(`/submissions/${s.id}`);
              }}
            >
              <td className="nowrap">
                <Link href={`/submissions/${s.id}`}>{formatDate(s.createdAt)}</Link>
                <div className="muted small">{s.phaseName}</div>
                {s.submittedBy && (
                  <div className="muted small" data-testid="submitted-by">
                    by {s.submittedBy}
                  </div>
                )}
              </td>
              <td style={{ overflowWrap: "anywhere" }}>{s.filename}</td>
              <td>
                <StatusBadge status={s.status} />
              </td>
              <td className="num" title={s.ladder ? "As the Ladder shows it (your shown score after this submission)" : undefined}>
                {formatScore(s.publicScore)}
                {s.ladder && <span className="muted small"> (Ladder)</span>}
              </td>
              <td className="num">
                {s.status !== "scored" ? (
                  "—"
                ) : s.privateScore === null ? (
                  <span className="muted small">hidden until the phase ends</span>
                ) : (
                  formatScore(s.privateScore)
                )}
              </td>
              <td className="small" title={s.errorMessage ?? undefined}>
                {s.message && <div data-testid="submission-message">{s.message}</div>}
                {s.committedModel && (
                  <div className="muted" data-testid="committed-model-run">
                    committed model sha256 {s.committedModel.sha256.slice(0, 12)}…, committed {formatDate(s.committedModel.committedAt)}
                  </div>
                )}
                {s.errorMessage && <div className="muted">{shorten(s.errorMessage)}</div>}
              </td>
              {finals && (
                <td onClick={(e) => e.stopPropagation()}>
                  {s.phaseId === finals.phaseId && s.status === "scored" ? (
                    <input
                      type="checkbox"
                      data-testid="final-choice"
                      aria-label={`Choose ${s.filename} for the private leaderboard`}
                      checked={s.chosen}
                      disabled={choose.isPending}
                      onChange={(e) => choose.mutate({ id: s.id, chosen: e.target.checked })}
                    />
                  ) : s.chosen ? (
                    "✓"
                  ) : null}
                </td>
              )}
              {commitsFor && (
                <td onClick={(e) => e.stopPropagation()}>
                  {s.phaseId === finals?.phaseId && s.kind === "onnx_model" && s.status === "scored" ? (
                    <input
                      type="checkbox"
                      data-testid="commit-model"
                      aria-label={`Commit ${s.filename} for ${commitsFor}`}
                      checked={s.committed}
                      disabled={commit.isPending}
                      onChange={(e) => commit.mutate({ id: s.id, committed: e.target.checked })}
                    />
                  ) : null}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
