// `npm run bench`: scores deterministic benchmark cases and prints throughput, wall time and
// peak memory, and times the ranking statistics of a large phase. Figures, not pass/fail:
// timing goals never go into tests.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { dsbStage2Case, hpaCase, rankingCase } from "./benchmark-cases";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { syntheticProtein } from "../../datasets/synthetic-protein";
import { startRun } from "../../scorers/run";
import { getScorer } from "../../scorers";
import { createPrng } from "../../datasets/prng";
import { buildNucleiBaseline, buildProteinBaseline } from "../../server/onnx/baseline-models";
import { benchModelLoop, formatBenchResult } from "./bench-onnx";
import { buildConvStackModel } from "../support/test-models";
import { runInSandbox } from "../../server/sandbox/sandbox";
import { nodeTsArgs } from "../../server/cli/node-ts";
import { bootstrapRanking, medianKendallTau, rankSummary, scoreInterval } from "../../server/ranking/bootstrap";
import { meanMetric } from "../../server/ranking/mean-metric";
import { rankingStatistics } from "../../server/ranking/ranking-statistics";
import { boardStatistics } from "../../server/services/statistics/compute-board-statistics";
import { decodeImageStates, encodeImageStates } from "../../server/services/statistics/image-states-codec";

const CHUNK = 1 << 20;

function scoreTimed(metric: string, truth: string, submission: string) {
  const gcBefore = process.memoryUsage().rss;
  const started = performance.now();
  const run = startRun(metric, truth, {});
  if (!run.ok) throw new Error(run.error.message);
  const loaded = performance.now();
  // Fed in 1 MiB chunks, as the sandbox reads a file.
  for (let offset = 0; offset < submission.length; offset += CHUNK) {
    const rejection = run.value.push(submission.slice(offset, offset + CHUNK));
    if (rejection) throw new Error(`rejected: ${rejection.message}`);
  }
  const result = run.value.end();
  const finished = performance.now();
  if (!result.ok) throw new Error(`rejected: ${result.error.message}`);
  return { report: result.value, truthMs: loaded - started, scoreMs: finished - loaded, totalMs: finished - started, rssBefore: gcBefore };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * What a participant waits for: the worker's sandboxed child process, cold (new process, JIT
 * cold, Node's permission model, memory cap), from spawn to parsed reply.
 */
async function sandboxRuns(label: string, metric: string, truthCsv: string, submissionCsv: string, runs: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-bench-"));
  const truthPath = path.join(dir, "truth.csv");
  const submissionPath = path.join(dir, "submission.csv");
  fs.writeFileSync(truthPath, truthCsv);
  fs.writeFileSync(submissionPath, submissionCsv);
  const times: string[] = [];
  for (let i = 0; i < runs; i++) {
    const outcome = await runInSandbox({ scorerId: metric, params: {}, truthPath, submissionPath }, { timeoutMs: 120_000, memoryMb: 2048 });
    if (outcome.kind !== "scored") throw new Error(`sandbox ${outcome.kind}: ${JSON.stringify(outcome)}`);
    times.push(outcome.elapsedMs >= 1000 ? `${(outcome.elapsedMs / 1000).toFixed(2)} s` : `${outcome.elapsedMs} ms`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`${label}: ${times.join(", ")}`);
}

async function scorerBench(): Promise<void> {

  // HPA first: after the DSB case the heap holds ~200 MB of strings and GC noise would dominate.
  let t = performance.now();
  const hpa = hpaCase();
  console.log(`\n## hpa-macro-f1 — 11,702 rows (generated in ${((performance.now() - t) / 1000).toFixed(2)} s)`);
  // More runs: at ~50 ms a run, the first ones mostly measure the JIT warming up.
  for (let i = 1; i <= 8; i++) {
    const r = scoreTimed("hpa-macro-f1", hpa.truthCsv, hpa.submissionCsv);
    console.log(`run ${i}: score ${r.report.score.toFixed(6)}  total ${r.totalMs.toFixed(1)} ms  ${Math.round(11702 / (r.totalMs / 1000)).toLocaleString("en")} rows/s`);
  }

  t = performance.now();
  const dsb = dsbStage2Case();
  const genMs = performance.now() - t;
  const rows = dsb.submissionCsv.split("\n").length - 2;
  console.log(`\n## dsb2018-map — stage-2-sized case (${dsb.images} images, ${dsb.trueObjects} true / ${dsb.predictedObjects} predicted objects, submission ${mb(dsb.submissionCsv.length)}, truth ${mb(dsb.truthCsv.length)}; generated in ${(genMs / 1000).toFixed(2)} s)`);
  for (let i = 1; i <= 3; i++) {
    const r = scoreTimed("dsb2018-map", dsb.truthCsv, dsb.submissionCsv);
    console.log(
      `run ${i}: score ${r.report.score.toFixed(6)}  truth load ${(r.truthMs / 1000).toFixed(2)} s  scoring ${(r.scoreMs / 1000).toFixed(2)} s  ` +
        `total ${(r.totalMs / 1000).toFixed(2)} s  ${Math.round(rows / (r.scoreMs / 1000)).toLocaleString("en")} rows/s  ` +
        `${Math.round((dsb.trueObjects + dsb.predictedObjects) / (r.scoreMs / 1000)).toLocaleString("en")} objects/s`,
    );
  }

  console.log("\n## in the worker's sandbox, cold process each run (spawn to reply; the first run also bundles the sandbox)");
  await sandboxRuns("hpa-macro-f1, 11,702 rows", "hpa-macro-f1", hpa.truthCsv, hpa.submissionCsv, 4);
  await sandboxRuns("dsb2018-map, stage-2-sized case", "dsb2018-map", dsb.truthCsv, dsb.submissionCsv, 4);

  // The CLI on a ~100 MB stage-2-sized submission, in its own process with a 1 GiB heap cap.
  const big = dsbStage2Case(2018, 3019, 4, 180);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scopebench-bench-"));
  fs.writeFileSync(path.join(dir, "truth.csv"), big.truthCsv);
  fs.writeFileSync(path.join(dir, "submission.csv"), big.submissionCsv);
  const cli = spawnSync(
    process.execPath,
    ["--max-old-space-size=1024", ...nodeTsArgs(path.join(import.meta.dirname, "../../server/cli/score.ts")), "--metric", "dsb2018-map", "--truth", path.join(dir, "truth.csv"), "--submission", path.join(dir, "submission.csv"), "--stats"],
    { encoding: "utf8" },
  );
  fs.rmSync(dir, { recursive: true, force: true });
  const stats = /stats: seconds=([\d.]+) peakRssMiB=([\d.]+)/.exec(cli.stderr);
  console.log(
    `\n## npm run score on a ${mb(big.submissionCsv.length)} submission (truth ${mb(big.truthCsv.length)}, ${big.images} images, ${big.predictedObjects} predicted objects), 1 GiB heap cap`,
  );
  console.log(cli.status === 0 && stats ? `exit 0, ${stats[1]} s inside the CLI, peak RSS ${stats[2]} MiB` : `failed (exit ${cli.status}): ${cli.stderr.slice(-500)}`);
}

async function modelBench(): Promise<void> {
  // The platform's model evaluation loop against a bare onnxruntime loop on the same tensors.
  console.log("\n## ONNX models: the platform's evaluation loop vs a bare onnxruntime-node loop (1 intra-op thread)");
  const nuclei = syntheticNuclei.generate({ seed: 2018, count: 60 });
  const nucleiTrain = nuclei.items.filter((i) => i.split === "train");
  const nucleiModel = await buildNucleiBaseline(nucleiTrain);
  const nucleiItems = nuclei.items.filter((i) => i.split !== "train").map((i) => ({ imageId: i.imageId, png: i.png }));
  console.log(formatBenchResult("nuclei baseline (smoothing + threshold), 256–360 px images", await benchModelLoop({ modelBytes: nucleiModel.bytes, contract: nucleiModel.contract, items: nucleiItems, passes: 5, runs: 10 })));
  const conv = buildConvStackModel();
  console.log(formatBenchResult("4 × 16-channel conv stack, same images", await benchModelLoop({ modelBytes: conv, contract: nucleiModel.contract, items: nucleiItems, runs: 6 })));
  const protein = syntheticProtein.generate({ seed: 2018, count: 400 });
  const proteinModel = await buildProteinBaseline(protein.items.filter((i) => i.split === "train"));
  const proteinItems = protein.items.filter((i) => i.split !== "train").map((i) => ({ imageId: i.imageId, channels: i.channels }));
  console.log(formatBenchResult("protein baseline (channel statistics), 4 × 128²", await benchModelLoop({ modelBytes: proteinModel.bytes, contract: proteinModel.contract, items: proteinItems, passes: 10, runs: 10 })));

}

/**
 * The leaderboard statistics of a phase of 1,000 entries on 3,019 images (server/ranking): the
 * bootstrap (B = 1,000: every entry's resampled mean, the ranking of each resample and its
 * Kendall τ against the reported one), the intervals read from it, and the whole
 * rankingStatistics with its Wilcoxon tests among the top 20.
 */
function rankingBench(): void {
  const t = performance.now();
  const phase = rankingCase();
  const entries = phase.participants.length;
  console.log(`\n## ranking — ${entries.toLocaleString("en")} entries × ${phase.images.length.toLocaleString("en")} images, B = 1,000 (generated in ${((performance.now() - t) / 1000).toFixed(2)} s)`);
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    const boot = bootstrapRanking(meanMetric(phase), { resamples: 1000, seed: 1, higherIsBetter: true });
    const resampled = performance.now();
    for (let e = 0; e < entries; e++) {
      scoreInterval(boot, e);
      rankSummary(boot, e);
    }
    const tau = medianKendallTau(boot);
    const summarized = performance.now();
    rankingStatistics(phase, { higherIsBetter: true, resamples: 1000, seed: 1, alpha: 0.05 });
    const whole = performance.now();
    console.log(
      `run ${run}: bootstrap (means, ranks, τ per resample) ${((resampled - started) / 1000).toFixed(2)} s  ` +
        `intervals and rank summaries ${((summarized - resampled) / 1000).toFixed(2)} s  all statistics ${((summarized - started) / 1000).toFixed(2)} s  ` +
        `(median τ ${tau?.toFixed(3)})  rankingStatistics with 190 Wilcoxon pairs ${((whole - summarized) / 1000).toFixed(2)} s`,
    );
  }
}

/**
 * What the worker does for a phase after a submission is scored (compute-board-statistics.ts),
 * at the issue's scale: decode 1,000 entries' stored per-image states, then both boards (the
 * public and the private half of 3,019 images) with intervals, rank statistics, the tests and
 * per-condition scores. Left out: one query for the entries and reading the 1,000 blobs
 * (about 1.6 MB of gzip in all here). Then a non-mean metric (macro F1 over 28 classes).
 */
function workerStatisticsBench(): void {
  const phase = rankingCase();
  const conditions = ["fluorescence", "brightfield", "histology"];
  const usageOf = (i: number) => (i % 2 === 0 ? "Public" : "Private") as "Public" | "Private";
  const valueOf = new Map(phase.images.map((id, i) => [id, conditions[i % 3]!]));
  const encoded = phase.participants.map((_, e) =>
    encodeImageStates({ fields: ["score"], items: phase.images.map((id, i) => ({ id, usage: usageOf(i), state: [phase.scores[e * phase.images.length + i]!] })) }),
  );
  const index = { ids: phase.images, usages: phase.images.map((_, i) => usageOf(i)) };
  const bytes = encoded.reduce((sum, blob) => sum + blob.states.length, 0);
  const context = { scoreOf: (sums: Float64Array, images: number) => sums[0]! / images, higherIsBetter: true, seed: 1, conditions: { column: "condition", valueOf } };
  console.log(`
## worker statistics job — ${phase.participants.length.toLocaleString("en")} entries × ${phase.images.length.toLocaleString("en")} images (half public), B = 1,000, both boards; states ${mb(bytes)} gzip'd`);
  for (let run = 1; run <= 3; run++) {
    const started = performance.now();
    const entries = encoded.map((blob, e) => ({ row: { userId: `u${e}`, submissionId: `s${e}` }, states: decodeImageStates(blob.states) }));
    const decoded = performance.now();
    boardStatistics("public", entries, index, context);
    const publicDone = performance.now();
    boardStatistics("private", entries, index, context);
    const done = performance.now();
    console.log(
      `run ${run}: decode ${((decoded - started) / 1000).toFixed(2)} s  public board ${((publicDone - decoded) / 1000).toFixed(2)} s  ` +
        `private board ${((done - publicDone) / 1000).toFixed(2)} s  whole job ${((done - started) / 1000).toFixed(2)} s`,
    );
  }

  // Macro F1 (HPA-style): 84 counts per sample, resampled through the scorer's scoreOfStates.
  const prng = createPrng(7);
  const [entryCount, samples, classes] = [100, 3000, 28];
  const fields = Array.from({ length: classes }, (_, c) => [`tp:${c}`, `fp:${c}`, `fn:${c}`]).flat();
  const truth = Array.from({ length: samples }, () => [prng.int(0, classes - 1), prng.int(0, classes - 1)]);
  const hpaEntries = Array.from({ length: entryCount }, (_, e) => {
    const miss = 0.05 + 0.3 * (e / entryCount);
    const values = new Float64Array(samples * fields.length);
    truth.forEach((labels, i) => {
      for (const c of new Set(labels)) values[i * fields.length + 3 * c + (prng.next() < miss ? 2 : 0)]! += 1;
      if (prng.next() < miss / 2) values[i * fields.length + 3 * prng.int(0, classes - 1) + 1]! += 1;
    });
    return { row: { userId: `h${e}`, submissionId: `hs${e}` }, states: { fields, images: samples, indexDigest: "bench", values } };
  });
  const hpaIndex = { ids: truth.map((_, i) => `s${i}`), usages: truth.map((_, i) => usageOf(i)) };
  const hpa = getScorer("hpa-macro-f1")!;
  const macroF1 = (sums: Float64Array, images: number) => hpa.scoreOfStates!(sums, images, hpa.paramsSchema.parse({}));
  const started = performance.now();
  boardStatistics("public", hpaEntries, hpaIndex, { scoreOf: macroF1, higherIsBetter: true, seed: 1, conditions: { column: null, valueOf: new Map() } });
  console.log(`macro F1, ${entryCount} entries × ${samples / 2} public samples × ${classes} classes, B = 1,000, paired bootstrap tests: ${((performance.now() - started) / 1000).toFixed(2)} s`);
}

const SECTIONS = ["scorers", "models", "ranking"] as const;

/** `npm run bench` runs every section; `npm run bench -- scorers`, `-- models` or `-- ranking` one of them. */
async function main(): Promise<void> {
  const only = process.argv[2];
  if (only !== undefined && !SECTIONS.some((section) => section === only)) {
    console.error(`unknown section "${only}": use ${SECTIONS.map((section) => `"${section}"`).join(", ")} or nothing for all`);
    process.exit(2);
  }
  console.log(`node ${process.version}, one thread`);
  if (only === undefined || only === "scorers") await scorerBench();
  if (only === undefined || only === "models") await modelBench();
  if (only === undefined || only === "ranking") {
    rankingBench();
    workerStatisticsBench();
  }
  // maxRSS is in KiB; it includes the generated inputs held in memory.
  console.log(`\npeak RSS of the whole benchmark process: ${mb(process.resourceUsage().maxRSS * 1024)}`);
}

await main();
