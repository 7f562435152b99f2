"use client";
import Link from "next/link";
import { useSession } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { uploadBody } from "../_trpc/upload-body";
import { errorMessage, formatBytes, formatDate } from "./format";

export function SubmitTab({ slug }: { slug: string }) {
  const { status } = useSession();
  const router = useRouter();
  const utils = trpc.useUtils();
  const [file, setFile] = useState<File | null>(null);
  const quota = trpc.submission.quota.useQuery({ slug }, { enabled: status === "authenticated" });
  const create = trpc.submission.create.useMutation({
    onSuccess: async (created) => {
      await utils.submission.quota.invalidate({ slug });
      router.push(`/submissions/${created.id}`);
    },
  });

  if (status === "loading") return <p className="muted">Loading…</p>;
  if (status !== "authenticated") {
    return (
      <p>
        <Link href={`/auth/signin?callbackUrl=${encodeURIComponent(`/challenges/${slug}?tab=submit`)}`}>Sign in</Link> or{" "}
        <Link href="/auth/signup">sign up</Link> to submit.
      </p>
    );
  }
  const q = quota.data;
  const closed = q ? q.phaseState !== "open" : false;
  const exhausted = q ? q.remainingToday === 0 : false;
  return (
    <div className="card">
      {q ? (
        <p data-testid="quota">
          <strong>{q.remainingToday}</strong> {q.remainingToday === 1 ? "submission" : "submissions"} left today,{" "}
          <strong>{q.remainingTotal}</strong> in total ({q.phaseName}; the daily quota resets {formatDate(q.resetsAt)}). Rejected or
          failed submissions do not count.
        </p>
      ) : (
        <p className="muted">Loading your quota…</p>
      )}
      {closed && <div className="error-box">Phase “{q?.phaseName}” is not open for submissions.</div>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (file) create.mutate(uploadBody({ challenge: slug, filename: file.name, kind: "prediction_csv" }, file));
        }}
      >
        <label htmlFor="submission-file">Prediction file (CSV)</label>
        <input
          id="submission-file"
          data-testid="submission-file"
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        {file && <p className="muted">{file.name}, {formatBytes(file.size)}</p>}
        <div className="row" style={{ marginTop: "0.8rem" }}>
          <button type="submit" data-testid="submit-button" disabled={!file || create.isPending || closed || exhausted}>
            {create.isPending ? "Uploading…" : "Submit"}
          </button>
        </div>
      </form>
      {create.error && (
        <div className="error-box" data-testid="submit-error" style={{ marginTop: "0.8rem" }}>
          {errorMessage(create.error)}
        </div>
      )}
      <p className="muted" style={{ marginTop: "1rem" }}>
        From a terminal: <code>npm run cli -- submit --challenge {slug} --file predictions.csv</code> (with an API token from{" "}
        <Link href="/settings">Settings</Link>).
      </p>
    </div>
  );
}
