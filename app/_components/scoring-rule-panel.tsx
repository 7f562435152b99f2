"use client";
// Hosts edit the challenge's scoring rule: the metric and its parameters (a form generated from
// the metric's parameter schema), the ranked output, tie-break, board columns and the private
// board's images. A preview scores the sample submission and the baselines under the draft in
// the sandbox; saving makes a new version and offers to re-score phases scored under older ones.
import { useState } from "react";
import type { MetricChoice, ParamField, ScoringRule, ScoringRuleDto } from "@/server/contracts/scoring-rule";
import { trpc } from "../_trpc/client";
import { errorMessage, formatDate, formatScore } from "./format";

interface Draft {
  metricId: string;
  /** Form values as typed (parsed on preview and save). */
  params: Record<string, string | boolean>;
  output: string;
  tieBreak: ScoringRule["ranking"]["tieBreak"];
  columns: string[];
  privateBoard: ScoringRule["privateBoard"];
}

const asInput = (value: unknown): string | boolean => (typeof value === "boolean" ? value : value === null || value === undefined ? "" : String(value));

function draftOf(rule: ScoringRule, metric: MetricChoice | undefined): Draft {
  const params: Record<string, string | boolean> = {};
  for (const field of metric?.fields ?? []) params[field.key] = asInput(rule.metric.params[field.key] ?? field.default);
  return { metricId: rule.metric.id, params, output: rule.ranking.output, tieBreak: rule.ranking.tieBreak, columns: rule.columns, privateBoard: rule.privateBoard };
}

/** The draft as a rule document; the server checks it (and names every problem). */
function ruleOf(draft: Draft, metric: MetricChoice | undefined): ScoringRule {
  const params: Record<string, unknown> = {};
  for (const field of metric?.fields ?? []) {
    const value = draft.params[field.key];
    if (value === undefined || value === "") {
      if (field.nullable) params[field.key] = null;
      continue;
    }
    params[field.key] = field.kind === "integer" || field.kind === "number" ? Number(value) : value;
  }
  const output = metric?.outputs.find((o) => o.key === draft.output);
  return {
    metric: { id: draft.metricId, params: params as ScoringRule["metric"]["params"] },
    ranking: { output: draft.output, direction: output?.higherIsBetter === false ? "lower" : "higher", tieBreak: draft.tieBreak },
    columns: draft.columns,
    privateBoard: draft.privateBoard,
  };
}

function bounds(field: ParamField): string {
  const parts: string[] = [];
  if (field.minimum !== undefined) parts.push(`≥ ${field.minimum}`);
  if (field.exclusiveMinimum !== undefined) parts.push(`> ${field.exclusiveMinimum}`);
  if (field.maximum !== undefined) parts.push(`≤ ${field.maximum}`);
  if (field.exclusiveMaximum !== undefined) parts.push(`< ${field.exclusiveMaximum}`);
  if (field.nullable) parts.push("empty: none");
  return parts.join(", ");
}

function ParamInput({ field, value, onChange }: { field: ParamField; value: string | boolean | undefined; onChange: (value: string | boolean) => void }) {
  const name = `param-${field.key}`;
  if (field.fixed) return <code data-testid={name}>{String(value === "" ? "—" : value)}</code>;
  if (field.kind === "boolean") return <input type="checkbox" data-testid={name} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  if (field.kind === "enum") {
    return (
      <select data-testid={name} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)}>
        {field.options?.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  const numeric = field.kind === "integer" || field.kind === "number";
  return <input data-testid={name} type={numeric ? "number" : "text"} step={field.kind === "integer" ? 1 : "any"} value={String(value ?? "")} onChange={(e) => onChange(e.target.value)} />;
}

export function ScoringRulePanel({ slug }: { slug: string }) {
  const utils = trpc.useUtils();
  const current = trpc.scoringRule.get.useQuery({ slug });
  const save = trpc.scoringRule.update.useMutation({ onSuccess: () => utils.scoringRule.get.invalidate({ slug }) });
  if (current.error) return <section className="card"><h2>Scoring rule</h2><p className="error">{errorMessage(current.error)}</p></section>;
  if (!current.data) return <section className="card"><h2>Scoring rule</h2><p className="muted">Loading…</p></section>;
  // The editor starts again from each stored version (a save here, a custom scorer made live);
  // the save's answer (its re-score offer) outlives that.
  return <RuleEditor key={current.data.version} slug={slug} data={current.data} save={save} />;
}

type SaveMutation = ReturnType<typeof trpc.scoringRule.update.useMutation>;

function RuleEditor({ slug, data, save }: { slug: string; data: ScoringRuleDto; save: SaveMutation }) {
  const utils = trpc.useUtils();
  const metricOf = (id: string) => data.metrics.find((m) => m.id === id);
  const [draft, setDraft] = useState<Draft>(() => draftOf(data.rule, metricOf(data.rule.metric.id)));
  const preview = trpc.scoringRule.preview.useMutation();
  const rescore = trpc.submission.rescorePhase.useMutation({ onSuccess: () => void utils.scoringRule.get.invalidate({ slug }) });
  // Phases re-scored from here: kept apart from the offers, which the refetch after a re-score empties.
  const [rescored, setRescored] = useState<Array<{ phaseId: string; phaseName: string; requeued: number }>>([]);
  const metric = metricOf(draft.metricId);
  const rule = ruleOf(draft, metric);

  const chooseMetric = (id: string) => {
    const next = metricOf(id);
    // Keep values the dataset fixes (classCount); everything else starts from the new metric's defaults.
    const fixed = Object.fromEntries((next?.fields ?? []).filter((f) => f.fixed && draft.params[f.key] !== undefined).map((f) => [f.key, draft.params[f.key]!]));
    const params = { ...draftOf({ ...data.rule, metric: { id, params: {} } }, next).params, ...fixed };
    setDraft({ ...draft, metricId: id, params, output: "score", columns: draft.columns.filter((c) => next?.outputs.some((o) => o.key === c)) });
    preview.reset();
  };
  const change = (patch: Partial<Draft>) => {
    setDraft({ ...draft, ...patch });
    preview.reset();
  };
  // After a save, its own offer; otherwise any phase still scored under an older version.
  const saved = save.data?.version === data.version ? save.data : undefined;
  const offers = saved?.rescore ?? data.phases.filter((p) => p.outdated > 0);

  return (
    <section className="card" data-testid="scoring-rule-panel">
      <h2>Scoring rule</h2>
      <p className="muted">
        Version {data.version}. Every score records the version it was computed under; saving a change makes a new version and offers to re-score.
      </p>
      <label>
        Metric{" "}
        <select data-testid="rule-metric" value={draft.metricId} onChange={(e) => chooseMetric(e.target.value)}>
          {data.metrics.map((m) => (
            <option key={m.id} value={m.id}>
              {m.title} ({m.id})
            </option>
          ))}
        </select>
      </label>
      {metric && metric.fields.length > 0 && (
        <fieldset>
          <legend>Parameters</legend>
          {metric.fields.map((field) => (
            <label key={field.key} className="param-field">
              <code>{field.key}</code>{" "}
              <ParamInput field={field} value={draft.params[field.key]} onChange={(value) => change({ params: { ...draft.params, [field.key]: value } })} />{" "}
              <span className="muted small">
                {field.fixed ? "set by the dataset" : bounds(field)}
                {field.default !== undefined && !field.fixed ? ` (default ${String(field.default)})` : ""}
              </span>
            </label>
          ))}
        </fieldset>
      )}
      <label>
        Ranked by{" "}
        <select data-testid="rule-output" value={draft.output} onChange={(e) => change({ output: e.target.value, columns: draft.columns.filter((c) => c !== e.target.value) })}>
          {metric?.outputs.map((o) => (
            <option key={o.key} value={o.key}>
              {o.label} ({o.higherIsBetter ? "higher" : "lower"} is better)
            </option>
          ))}
        </select>
      </label>
      {metric && metric.outputs.length > 1 && (
        <fieldset>
          <legend>Also shown on the boards</legend>
          {metric.outputs
            .filter((o) => o.key !== draft.output)
            .map((o) => (
              <label key={o.key}>
                <input
                  type="checkbox"
                  data-testid={`rule-column-${o.key}`}
                  checked={draft.columns.includes(o.key)}
                  onChange={(e) => change({ columns: e.target.checked ? [...draft.columns, o.key] : draft.columns.filter((c) => c !== o.key) })}
                />{" "}
                {o.label}
              </label>
            ))}
        </fieldset>
      )}
      <label>
        Ties{" "}
        <select data-testid="rule-tie-break" value={draft.tieBreak} onChange={(e) => change({ tieBreak: e.target.value as Draft["tieBreak"] })}>
          <option value="earlier-submission">the earlier submission ranks higher</option>
          <option value="shared-rank">equal scores share a rank</option>
        </select>
      </label>
      <label>
        Private board{" "}
        <select data-testid="rule-private-board" value={draft.privateBoard} onChange={(e) => change({ privateBoard: e.target.value as Draft["privateBoard"] })}>
          <option value="private-images">the private test images</option>
          <option value="all-test-images">all test images (public and private)</option>
        </select>
      </label>
      <p className="muted small">The public/private split is the dataset&apos;s; re-split the dataset for another one.</p>
      <div className="actions">
        <button type="button" data-testid="rule-preview" disabled={preview.isPending} onClick={() => preview.mutate({ slug, rule })}>
          {preview.isPending ? "Scoring in the sandbox…" : "Preview"}
        </button>{" "}
        <button type="button" data-testid="rule-save" disabled={save.isPending} onClick={() => save.mutate({ slug, rule })}>
          Save as a new version
        </button>
      </div>
      {(preview.error ?? save.error) && <p className="error" data-testid="rule-error">{errorMessage(preview.error ?? save.error)}</p>}
      {preview.data && (
        <div data-testid="rule-preview-result">
          <p>{preview.data.changes.length === 0 ? "No change from the saved rule." : `Changes: ${preview.data.changes.join("; ")}`}</p>
          <table className="table">
            <thead>
              <tr>
                <th>file</th>
                <th className="num">public now</th>
                <th className="num">public under the draft</th>
                <th className="num">private under the draft</th>
                {rule.columns.map((c) => (
                  <th key={c} className="num">{c} (public)</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.data.cases.map((c) => (
                <tr key={c.name} data-testid="rule-preview-row">
                  <td>
                    <code>{c.name}</code> <span className="muted small">{c.kind}</span>
                  </td>
                  <td className="num">{c.current ? formatScore(c.current.public) : "—"}</td>
                  {c.proposed ? (
                    <>
                      <td className="num" data-testid="rule-preview-public">{formatScore(c.proposed.public)}</td>
                      <td className="num">{formatScore(c.proposed.private)}</td>
                      {rule.columns.map((key) => (
                        <td key={key} className="num">{formatScore(c.proposed?.columns[key]?.public ?? null)}</td>
                      ))}
                    </>
                  ) : (
                    <td colSpan={2 + rule.columns.length} className="error">{c.error}</td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(saved !== undefined || offers.length > 0 || rescored.length > 0) && (
        <div data-testid="rule-saved">
          {saved && (
            <p className="success">
              {saved.changed ? `Saved as version ${saved.version}: ${saved.changes.join("; ")}.` : "Nothing changed: the rule is as saved."}
            </p>
          )}
          {offers
            .filter((offer) => !rescored.some((r) => r.phaseId === offer.phaseId))
            .map((offer) => (
              <p key={offer.phaseId}>
                {offer.phaseName}: {offer.outdated} of {offer.scored} scored submissions were scored under an older version.{" "}
                <button
                  type="button"
                  data-testid="rule-rescore"
                  disabled={rescore.isPending}
                  onClick={() =>
                    rescore.mutate({ phaseId: offer.phaseId }, { onSuccess: (r) => setRescored((done) => [...done, { phaseId: offer.phaseId, phaseName: offer.phaseName, requeued: r.requeued }]) })
                  }
                >
                  Re-score {offer.phaseName}
                </button>
              </p>
            ))}
          {rescored.map((r) => (
            <p key={r.phaseId} data-testid="rescore-queued">
              {r.phaseName}: {r.requeued} submissions queued for re-scoring under version {data.version}.
            </p>
          ))}
          {rescore.error && <p className="error">{errorMessage(rescore.error)}</p>}
        </div>
      )}
      <h3>History</h3>
      <ol reversed data-testid="rule-history">
        {data.history.map((h) => (
          <li key={h.version}>
            v{h.version} · {formatDate(h.changedAt)} · {h.changedBy ?? "unknown"}: {h.changes.join("; ")}
          </li>
        ))}
      </ol>
    </section>
  );
}
