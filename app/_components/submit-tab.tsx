"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { PhaseDto } from "@/server/contracts/challenge";
import type { QuotaDto } from "@/server/contracts/submission";
import { trpc } from "../_trpc/client";
import { uploadFrameBody } from "@/server/contracts/upload-frame";
import { appCode, errorMessage, formatBytes, formatDate, plural } from "./format";
import { SignInPrompt } from "./sign-in-prompt";
import { UploadProgressBar, useUpload } from "./upload-progress";

/** Why the form is disabled, or null when a submission may be made. */
function blockedReason(quota: QuotaDto): string | null {
  if (quota.committedModels) return `${quota.phaseName} takes no uploads: the platform runs the models committed in the phase before it on its own test images.`;
  if (quota.phaseState === "upcoming") return `${quota.phaseName} has not opened yet.`;
  if (quota.phaseState === "closed") return `${quota.phaseName} has ended; it no longer accepts submissions.`;
  if (quota.remainingTotal <= 0) return `You have used all ${quota.totalQuota} submissions of ${quota.phaseName}.`;
  if (quota.remainingToday <= 0) return `You have used today's ${quota.dailyQuota} submissions. More from ${formatDate(quota.resetsAt)}.`;
  return null;
}

export function SubmitTab({
  slug,
  phases,
  acceptsModels,
  signedIn,
  notice,
}: {
  slug: string;
  phases: PhaseDto[];
  acceptsModels: boolean;
  signedIn: boolean;
  /** From the server (challenge.submissionNotice): which phase closed and when, and what comes next; null while one is open. */
  notice: string | null;
}) {
  const router = useRouter();
  const utils = trpc.useUtils();
  const [file, setFile] = useState<File | null>(null);
  const [message, setMessage] = useState("");
  const quota = trpc.submission.quota.useQuery({ slug }, { enabled: signedIn });
  const create = useUpload("submission.create", {
    onSuccess: async (created) => {
      await Promise.all([utils.submission.quota.invalidate({ slug }), utils.submission.mine.invalidate({ challenge: slug })]);
      router.push(`/submissions/${created.id}`);
    },
  });

  // Said to everyone, signed in or not: nobody should prepare a file for a phase that has closed.
  const noticeBox = notice && (
    <div className="warn-box" data-testid="submission-notice" role="status">
      {notice}
    </div>
  );
  if (!signedIn) {
    return (
      <>
        {noticeBox}
        <SignInPrompt callbackUrl={`/challenges/${slug}?tab=submit`} action="to submit predictions" />
      </>
    );
  }
  if (quota.isPending) return <p className="muted">Loading your quota…</p>;
  if (quota.error) return <div className="error-box">{errorMessage(quota.error)}</div>;
  if (!quota.data) return noticeBox || <div className="info-box">This challenge has no phase that takes submissions right now.</div>;

  const q = quota.data;
  const phase = phases.find((p) => p.id === q.phaseId);
  const blocked = blockedReason(q);
  // The upload succeeded once we navigate; until then the button stays busy.
  const busy = create.isPending || create.isSuccess;

  return (
    <div className="card">
      {/* What is left is only news while the phase is open; otherwise the notice below says why nothing is. */}
      {q.phaseState === "open" && (
        <p data-testid="quota" style={{ marginTop: 0 }}>
          <strong>{plural(q.remainingToday, "submission")}</strong> left today, <strong>{q.remainingTotal}</strong> in total
        </p>
      )}
      <p className="muted small">
        {q.phaseName}: {q.dailyQuota} per day (the day resets {formatDate(q.resetsAt)}), {q.totalQuota} in total.{" "}
        {phase?.failedCountTowardsQuota === false && "Rejected or failed submissions do not use up your quota."}
        {phase?.failedCountTowardsQuota === true && "Rejected or failed submissions count towards your quota."}
      </p>
      {q.phaseState === "open" && (
        <p className="muted small" data-testid="final-choices-summary">
          Final submissions: {q.finalChoices.chosen} of {q.finalChoices.limit} chosen for the private leaderboard (on the{" "}
          <a href={`/challenges/${slug}?tab=mine`}>My submissions</a> tab, until {formatDate(q.finalChoices.closesAt)}); without a choice, your best public
          submission counts.
        </p>
      )}
      {/* The server's notice names the closed phase, when it closed and what comes next. */}
      {q.phaseState !== "open" && noticeBox ? noticeBox : blocked && <div className="warn-box">{blocked}</div>}

      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (!file) return;
          // The file says what it is: an .onnx file is a model the platform runs on the hidden images.
          const kind = acceptsModels && file.name.toLowerCase().endsWith(".onnx") ? "onnx_model" : "prediction_csv";
          create.mutate(uploadFrameBody({ challenge: slug, filename: file.name, kind, ...(message.trim() ? { message: message.trim() } : {}) }, file));
        }}
      >
        <label htmlFor="submission-file">{acceptsModels ? "Prediction file (CSV) or ONNX model (.onnx)" : "Prediction file (CSV)"}</label>
        <div className="file-drop">
          <input
            id="submission-file"
            data-testid="submission-file"
            type="file"
            accept={acceptsModels ? ".csv,text/csv,.onnx" : ".csv,text/csv"}
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              create.reset();
            }}
          />
          <div className="field-hint">
            {file ? (
              <>
                {file.name}, {formatBytes(file.size)}
              </>
            ) : (
              <>
                The format is described on the <Link href={`/challenges/${slug}?tab=evaluation`}>Evaluation</Link> tab; a sample
                submission is on the <Link href={`/challenges/${slug}?tab=data`}>Data</Link> tab.
              </>
            )}
          </div>
        </div>
        <label htmlFor="submission-message">Message (optional: what this submission is)</label>
        <input id="submission-message" data-testid="submission-message-input" type="text" maxLength={500} value={message} onChange={(e) => setMessage(e.target.value)} disabled={busy} />
        <div className="form-actions">
          <button type="submit" data-testid="submit-button" disabled={!file || busy || blocked !== null}>
            {busy ? "Uploading…" : "Submit"}
          </button>
          {busy && file && (
            <span className="muted small" data-testid="upload-state">
              Uploading {file.name} ({formatBytes(file.size)}); scoring starts as soon as it arrives.
            </span>
          )}
        </div>
        {busy && create.progress && <UploadProgressBar progress={create.progress} label={`Uploading ${file?.name ?? "the file"}`} />}
      </form>

      {create.error && (
        <>
          <div className="error-box" data-testid="submit-error" role="alert">
            {errorMessage(create.error)}
          </div>
          {appCode(create.error) === "QUOTA_EXCEEDED" && (
            <p className="muted small">Your daily quota resets {formatDate(q.resetsAt)}.</p>
          )}
        </>
      )}

      <hr />
      <CommandLine slug={slug} />
    </div>
  );
}

/**
 * The participants' CLI: its downloads from this site and the commands for this challenge. The
 * site's address is the browser's (known after hydration; the server renders the paths).
 */
function CommandLine({ slug }: { slug: string }) {
  const [origin, setOrigin] = useState("");
  useEffect(() => setOrigin(window.location.origin), []);
  return (
    <div className="muted small" data-testid="cli-instructions">
      <p style={{ marginTop: 0 }}>
        From a terminal (Node.js 20 or later), with an API token from <Link href="/settings">Settings</Link>: install{" "}
        <a href="/api/cli/scopebench-cli.tgz" data-testid="cli-download">the scopebench command</a> (or download{" "}
        <a href="/api/cli/scopebench.cjs">scopebench.cjs</a> and run it with <code>node</code>), then
      </p>
      <pre>
        {`npm install -g ${origin}/api/cli/scopebench-cli.tgz
scopebench login --url ${origin || "<this site>"} --token <your token>
scopebench files download ${slug}
scopebench submit ${slug} predictions.csv -m "what this is"
scopebench leaderboard ${slug}`}
      </pre>
    </div>
  );
}
