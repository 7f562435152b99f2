// `npm run --silent rank -- --scores <csv> [--lower-is-better] [--bootstrap 1000] [--seed 1]
// [--alpha 0.05] [--pairs-top <k>] [--json]`: bootstrap intervals, rank stability and
// pairwise tests of per-image scores, without the server (server/ranking/README.md).
// Exit codes: 0 ranked, 1 bad data (every problem on stderr with its file and line),
// 2 usage (bad options, a file that cannot be read).
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseScoresCsv } from "../ranking/parse-scores-csv";
import { rankingStatistics, type RankingStatistics } from "../ranking/ranking-statistics";

const USAGE = `usage: npm run --silent rank -- --scores <file.csv> [--lower-is-better] [--bootstrap <B>] [--seed <n>]
                                 [--alpha <a>] [--pairs-top <k>] [--json]
  --scores <file.csv>  header participant,image,score; one row per participant and image
  --lower-is-better    smaller scores are better (default: higher is better)
  --bootstrap <B>      resamples of the test images, 1 to 100000 (default 1000)
  --seed <n>           seed of the resampling, 0 to 4294967295 (default 1): same seed, same output
  --alpha <a>          significance level of the Holm-adjusted pairwise tests, in (0, 1) (default 0.05)
  --pairs-top <k>      test the pairs among the best k entries only (default: every pair)
  --json               one JSON object instead of tables`;

const integerOption = (message: string, min: number, max: number) =>
  z.string().regex(/^[+-]?\d+$/, message).transform(Number).pipe(z.number().min(min, message).max(max, message));

const ZRankOptions = z.object({
  bootstrap: integerOption("--bootstrap must be an integer from 1 to 100000", 1, 100_000),
  seed: integerOption("--seed must be an integer from 0 to 4294967295", 0, 2 ** 32 - 1),
  alpha: z
    .string()
    .regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, "--alpha must be a number between 0 and 1 (both excluded)")
    .transform(Number)
    .pipe(z.number().gt(0, "--alpha must be a number between 0 and 1 (both excluded)").lt(1, "--alpha must be a number between 0 and 1 (both excluded)")),
  pairsTop: integerOption("--pairs-top must be a positive integer", 1, Number.MAX_SAFE_INTEGER).optional(),
});

const fmtScore = (v: number) => (Math.abs(v) >= 1e6 || (v !== 0 && Math.abs(v) < 1e-4) ? v.toExponential(4) : String(Number(v.toPrecision(6))));
const fmtRank = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
const fmtP = (p: number) => (p < 1e-4 ? p.toExponential(2) : p.toFixed(4));

/** Columns padded to their widest cell; numbers (and their headings) right-aligned. */
function table(rows: string[][], rightAligned: readonly boolean[]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  return rows.map((row) => row.map((cell, c) => (rightAligned[c] ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ").trimEnd()).join("\n");
}

function printTables(ranking: RankingStatistics, info: { images: number; resamples: number; seed: number; alpha: number; higherIsBetter: boolean }): void {
  console.log(
    `${plural(ranking.entries.length, "participant")}, ${plural(info.images, "image")}; score: mean per-image score (${info.higherIsBetter ? "higher" : "lower"} is better); ` +
      `${info.resamples} bootstrap resamples, seed ${info.seed}\n`,
  );
  console.log(
    table(
      [
        ["rank", "participant", "score", "95% interval", "median rank", "95% rank interval"],
        ...ranking.entries.map((e) => [String(e.rank), e.participant, fmtScore(e.score), `${fmtScore(e.ci[0])} – ${fmtScore(e.ci[1])}`, fmtRank(e.medianRank), `${fmtRank(e.rankInterval[0])} – ${fmtRank(e.rankInterval[1])}`]),
      ],
      [true, false, true, true, true, true],
    ),
  );
  console.log(`\nKendall's τ-b between each resample's ranking and this one, median: ${ranking.kendallTau === null ? "undefined (fewer than two entries, or all tied)" : ranking.kendallTau.toFixed(4)}`);
  console.log(`Not distinguishable from the leader (Holm-adjusted p ≥ ${info.alpha}): ${ranking.tiedWithLeader.join(", ")}`);
  if (ranking.pairs.length === 0) return;
  console.log(`\nOne-sided paired Wilcoxon signed-rank tests of "a is better than b", Holm-adjusted over the ${plural(ranking.pairs.length, "pair")}:`);
  console.log(
    table(
      [["a", "b", "p", "p (Holm)", "significant"], ...ranking.pairs.map((pair) => [pair.a, pair.b, fmtP(pair.p), fmtP(pair.pHolm), pair.significant ? "yes" : "no"])],
      [false, false, true, true, false],
    ),
  );
}

function main(): number {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        scores: { type: "string" },
        "lower-is-better": { type: "boolean", default: false },
        bootstrap: { type: "string", default: "1000" },
        seed: { type: "string", default: "1" },
        alpha: { type: "string", default: "0.05" },
        "pairs-top": { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    }));
  } catch (error) {
    console.error(`rank: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  if (!values.scores) {
    console.error(`rank: --scores is required\n${USAGE}`);
    return 2;
  }
  const options = ZRankOptions.safeParse({ bootstrap: values.bootstrap, seed: values.seed, alpha: values.alpha, pairsTop: values["pairs-top"] });
  if (!options.success) {
    for (const message of new Set(options.error.issues.map((issue) => issue.message))) console.error(`rank: ${message}`);
    return 2;
  }
  let text: string;
  try {
    text = fs.readFileSync(values.scores, "utf8");
  } catch (error) {
    console.error(`rank: cannot read ${values.scores}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  const parsed = parseScoresCsv(text, values.scores);
  if (!parsed.ok) {
    for (const problem of parsed.problems) console.error(`rank: ${problem}`);
    return 1;
  }
  const matrix = parsed.value;
  const { bootstrap, seed, alpha, pairsTop } = options.data;
  const higherIsBetter = !values["lower-is-better"];
  // Every pair by default: the CLI's inputs are small. A phase of 1,000 entries is 499,500 tests.
  const ranking = rankingStatistics(matrix, { higherIsBetter, resamples: bootstrap, seed, alpha, pairsTop: pairsTop ?? matrix.participants.length });
  if (values.json) process.stdout.write(`${JSON.stringify(ranking)}\n`);
  else printTables(ranking, { images: matrix.images.length, resamples: bootstrap, seed, alpha, higherIsBetter });
  return 0;
}

// `npm run rank … | head` closes the pipe before the tables end: not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(0);
});

try {
  process.exitCode = main();
} catch (error) {
  console.error(`rank: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
