import type { ChallengeDetailDto } from "@/server/contracts/challenge";
import { Markdown } from "./markdown";

/** Params are free-form JSON from the challenge config; show scalars as they are. */
function formatParam(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function EvaluationTab({ challenge }: { challenge: ChallengeDetailDto }) {
  const { metric } = challenge;
  const params = Object.entries(metric.params);
  return (
    <>
      <Markdown source={challenge.evaluationMd} />

      <h2>Scorer</h2>
      <div className="card" data-testid="metric-card">
        <dl className="details">
          <dt>Metric</dt>
          <dd>{metric.title}</dd>
          <dt>Scorer id</dt>
          <dd>
            <code>{metric.id}</code>
          </dd>
          <dt>Version</dt>
          <dd>
            <code>{metric.version}</code>
          </dd>
          <dt>Direction</dt>
          <dd>{metric.higherIsBetter ? "higher is better" : "lower is better"}</dd>
          <dt>Parameters</dt>
          <dd>
            {params.length === 0 ? (
              <span className="muted">none</span>
            ) : (
              params.map(([key, value]) => (
                <div key={key}>
                  <code>{key}</code> = <code>{formatParam(value)}</code>
                </div>
              ))
            )}
          </dd>
        </dl>
      </div>
    </>
  );
}
