"use client";
// Hosts upload a custom scorer for a challenge (scorers/CUSTOM-SCORERS.md), see its trial
// report, and make a version that passed live. The trial runs in the sandbox on the server.
import { useState } from "react";
import type { UploadCustomScorerResponse } from "@/server/contracts/custom-scorer";
import { trpc } from "../_trpc/client";
import { errorMessage, formatDate } from "./format";

interface KnownAnswer {
  name: string;
  content: string;
  expectedScore: string;
}

function TrialCases({ cases }: { cases: UploadCustomScorerResponse["cases"] }) {
  if (cases.length === 0) return null;
  return (
    <table className="table">
      <thead>
        <tr><th>case</th><th>file</th><th>result</th></tr>
      </thead>
      <tbody>
        {cases.map((c, i) => (
          <tr key={i}>
            <td>{c.kind}</td>
            <td><code>{c.name}</code></td>
            <td>{c.passed ? "✓ " : "✗ "}{c.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function CustomScorerPanel({ slug }: { slug: string }) {
  const utils = trpc.useUtils();
  const versions = trpc.customScorer.list.useQuery({ challengeSlug: slug });
  const upload = trpc.customScorer.upload.useMutation({ onSuccess: () => utils.customScorer.list.invalidate({ challengeSlug: slug }) });
  // Making a version live is a new scoring rule version: the rule panel shows it and its re-score offer.
  const setLive = trpc.customScorer.setChallengeScorer.useMutation({
    onSuccess: () => Promise.all([utils.customScorer.list.invalidate({ challengeSlug: slug }), utils.scoringRule.get.invalidate({ slug })]),
  });
  const [module, setModule] = useState<{ filename: string; source: string } | null>(null);
  const [params, setParams] = useState("{}");
  const [known, setKnown] = useState<KnownAnswer[]>([]);
  const [formError, setFormError] = useState<string | null>(null);

  const readFile = (file: File | undefined, then: (name: string, text: string) => void) => {
    if (file) void file.text().then((text) => then(file.name, text));
  };

  const submit = () => {
    setFormError(null);
    if (!module) return setFormError("Choose the scorer module (.js, .mjs, .cjs, .ts).");
    let parsedParams: unknown;
    try {
      parsedParams = JSON.parse(params || "{}");
    } catch {
      return setFormError("Parameters must be JSON, e.g. {\"beta\": 1}.");
    }
    const knownAnswers = known.map((k) => ({ name: k.name, content: k.content, expectedScore: Number(k.expectedScore) }));
    if (knownAnswers.some((k) => !Number.isFinite(k.expectedScore))) return setFormError("Each known answer needs its expected score.");
    upload.mutate({ challengeSlug: slug, filename: module.filename, source: module.source, params: parsedParams, knownAnswers });
  };

  const result = upload.data;
  return (
    <section className="card">
      <h2>Custom scorer</h2>
      <p className="muted">
        One JavaScript or TypeScript module with <code>loadTruth / init / update / merge / finalize</code>, its outputs and parameters. It is tried in the
        sandbox on the sample submission, the baselines and your known answers before it can go live.
      </p>
      <label>
        Module <input type="file" data-testid="custom-scorer-file" accept=".js,.mjs,.cjs,.ts,.mts,.cts" onChange={(e) => readFile(e.target.files?.[0], (filename, source) => setModule({ filename, source }))} />
      </label>
      <label>
        Parameters (JSON) <input data-testid="custom-scorer-params" value={params} onChange={(e) => setParams(e.target.value)} />
      </label>
      {known.map((k, i) => (
        <div key={i}>
          <code>{k.name}</code> expected score{" "}
          <input value={k.expectedScore} onChange={(e) => setKnown(known.map((x, j) => (j === i ? { ...x, expectedScore: e.target.value } : x)))} />
          <button type="button" onClick={() => setKnown(known.filter((_, j) => j !== i))}>remove</button>
        </div>
      ))}
      <label>
        Add a known answer (a prediction file){" "}
        <input type="file" accept=".csv,text/csv" onChange={(e) => readFile(e.target.files?.[0], (name, content) => setKnown([...known, { name, content, expectedScore: "" }]))} />
      </label>
      <button type="button" onClick={submit} disabled={upload.isPending} data-testid="custom-scorer-upload">
        {upload.isPending ? "Trying it in the sandbox…" : "Upload and try"}
      </button>
      {(formError ?? upload.error) && <p className="error">{formError ?? errorMessage(upload.error)}</p>}
      {result && (
        <div data-testid="custom-scorer-result">
          <p className={result.status === "passed" ? "success" : "error"}>
            {result.status === "passed" ? "Passed its trial." : `Refused: ${result.problems.join(" ")}`}
          </p>
          <TrialCases cases={result.cases} />
        </div>
      )}
      <h3>Versions</h3>
      {versions.error && <p className="error">{errorMessage(versions.error)}</p>}
      {versions.data?.length === 0 && <p className="muted">None yet.</p>}
      <ul>
        {versions.data?.map((v) => (
          <li key={v.id} data-testid="custom-scorer-version">
            <strong>{v.title}</strong> <code>{v.metricId}</code> · {formatDate(v.createdAt)}{" "}
            {v.live ? (
              <span className="badge" data-testid="custom-scorer-live">live</span>
            ) : (
              <button type="button" data-testid="custom-scorer-make-live" disabled={setLive.isPending} onClick={() => setLive.mutate({ challengeSlug: slug, customScorerVersionId: v.id })}>
                Make live
              </button>
            )}
          </li>
        ))}
      </ul>
      {setLive.error && <p className="error">{errorMessage(setLive.error)}</p>}
    </section>
  );
}
