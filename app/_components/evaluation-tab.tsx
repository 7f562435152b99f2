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
          <dt>Ranked by</dt>
          <dd data-testid="ranked-by">
            {metric.rule.rankedBy}, {metric.higherIsBetter ? "higher is better" : "lower is better"};{" "}
            {metric.rule.tieBreak === "shared-rank" ? "equal scores share a rank" : "of equal scores the earlier submission ranks higher"}
          </dd>
          {metric.rule.columns.length > 0 && (
            <>
              <dt>Also shown</dt>
              <dd>{metric.rule.columns.join(", ")}</dd>
            </>
          )}
          <dt>Private board</dt>
          <dd>{metric.rule.privateBoard === "all-test-images" ? "all test images (public and private)" : "the private test images"}</dd>
          <dt>Scoring rule</dt>
          <dd>version {metric.rule.version}</dd>
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

      {challenge.modelContract && <ModelContractCard challenge={challenge} contract={challenge.modelContract} />}
    </>
  );
}

/** What an uploaded ONNX model must look like, as the platform will feed it. */
function ModelContractCard({ challenge, contract }: { challenge: ChallengeDetailDto; contract: Record<string, unknown> }) {
  const example = challenge.downloads.find((d) => d.name === "example_model.onnx");
  const segmentation = contract.task === "segmentation";
  return (
    <>
      <h2>Submitting a model</h2>
      <p>
        Instead of a prediction file you can upload an ONNX model (<code>.onnx</code>); the platform runs it in a sandbox on the
        hidden test images (no network, limited memory and time) and scores its predictions like a file. Models must use standard
        ONNX operators only (no custom domains) and keep all weights inside the file (no external data).{" "}
        {segmentation
          ? "Input: float32 [N, C, H, W] images normalized as below; output as declared below, turned into instances by the platform."
          : `Input: float32 [N, 4, S, S] with the channels in the order below, resized to S; output [N, ${String(contract.classCount ?? 28)}] scores, ${contract.decision === "argmax" ? "the highest of which is the predicted class" : "thresholded as declared below"}.`}
      </p>
      {example && (
        <p>
          <a href={example.href} download data-testid="download-example-model">
            example_model.onnx
          </a>{" "}
          satisfies this contract (it is the ONNX baseline on the leaderboard).
        </p>
      )}
      <div className="card" data-testid="model-contract">
        <pre className="code">{JSON.stringify(contract, null, 2)}</pre>
      </div>
    </>
  );
}
