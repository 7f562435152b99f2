// `npm run --silent score -- --metric <id> --truth <file> --submission <file> [--json] [--params '{…}']`
// Scores a file locally with the same scorer code the platform runs. Exit codes: 0 scored,
// 2 submission rejected (message on stderr), 1 anything else.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { listScorers } from "../../scorers";
import { startRun } from "../../scorers/run";
import { formatRejection } from "../services/scoring/format-rejection";

const USAGE = `usage: npm run --silent score -- --metric <id> --truth <file> --submission <file> [--json] [--stats] [--params '<json>']
metrics: ${listScorers().map((s) => s.id).join(", ")}`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      metric: { type: "string" },
      truth: { type: "string" },
      submission: { type: "string" },
      params: { type: "string" },
      json: { type: "boolean", default: false },
      stats: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.metric || !values.truth || !values.submission) {
    console.error(USAGE);
    return values.help ? 0 : 1;
  }
  const started = performance.now();
  const params: unknown = values.params ? JSON.parse(values.params) : {};
  const run = startRun(values.metric, fs.readFileSync(values.truth, "utf8"), params);
  if (!run.ok) {
    console.error(`score: ${run.error.message}`);
    return 1;
  }
  const stream = fs.createReadStream(values.submission, { encoding: "utf8", highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const rejection = run.value.push(chunk as string);
    if (rejection) {
      stream.destroy();
      console.error(`rejected: ${formatRejection(rejection)}`);
      return 2;
    }
  }
  const result = run.value.end();
  if (!result.ok) {
    console.error(`rejected: ${formatRejection(result.error)}`);
    return 2;
  }
  const report = result.value;
  const seconds = (performance.now() - started) / 1000;
  if (values.stats) {
    // maxRSS is in KiB.
    console.error(`stats: seconds=${seconds.toFixed(3)} peakRssMiB=${(process.resourceUsage().maxRSS / 1024).toFixed(1)}`);
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(report) + "\n");
    return 0;
  }
  const fmt = (v: number | null) => (v === null ? "—" : v.toFixed(6));
  console.log(`${report.scorerId} ${report.scorerVersion}`);
  console.log(`score    ${fmt(report.score)}`);
  console.log(`public   ${fmt(report.public)}`);
  console.log(`private  ${fmt(report.private)}`);
  if (report.perItem) {
    const validation = report.perItem.filter((item) => item.usage === "Validation").length;
    console.log(`images   ${report.perItem.length - validation}${validation > 0 ? ` (and ${validation} validation images, score ${fmt(report.bySubset?.Validation?.score ?? null)})` : ""}`);
  }
  if (report.perThreshold) console.log(`per IoU threshold  ${report.perThreshold.map((t) => `${t.threshold.toFixed(2)}:${t.value.toFixed(4)}`).join(" ")}`);
  if (report.perClass) console.log(`classes  ${report.perClass.length} (lowest F1: ${[...report.perClass].sort((a, b) => a.f1 - b.f1).slice(0, 3).map((c) => `${c.classId} ${c.name} ${c.f1.toFixed(3)}`).join(", ")})`);
  console.log(`time     ${seconds.toFixed(2)} s`);
  return 0;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(`score: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
