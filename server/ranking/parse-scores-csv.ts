// Per-image scores as a CSV `participant,image,score` (a header line, then one row per
// participant and image) into a score matrix. Every participant must have a score for every
// image that any participant has: means over different image sets are not comparable. Each
// problem names the file and line, as the dataset importers' messages do.
import { parseCsv } from "../../datasets/importers/csv-table";
import { problemAt } from "../../datasets/importers/problems";
import type { ImportProblem } from "../../datasets/importers/types";
import type { ScoreMatrix } from "./mean-metric";

type ParsedScores = { ok: true; value: ScoreMatrix } | { ok: false; problems: string[] };

const HEADER = ["participant", "image", "score"] as const;
// A decimal number as people and spreadsheets write it: Number() alone takes "", "0x1f" and
// "Infinity".
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const NOT_FINITE = /^[+-]?(inf|infinity|nan)$/i;
/** Beyond this many, a file is wrong in some systematic way and the rest is noise. */
const MAX_PROBLEMS = 20;

interface Row {
  firstLine: number;
  /** Per image index: the line of its score, 0 while there is none. */
  lines: Int32Array;
  scores: Float64Array;
}

const quoted = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);

/** `file` names the file in messages only. */
export function parseScoresCsv(text: string, file: string): ParsedScores {
  const failed = (problems: ImportProblem[]): ParsedScores => {
    const sorted = problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((problem) => problem.message);
    const more = sorted.length - MAX_PROBLEMS;
    return { ok: false, problems: more > 0 ? [...sorted.slice(0, MAX_PROBLEMS), `… and ${more} more problems`] : sorted };
  };
  if (text.replace(/^\uFEFF/, "").trim() === "") return failed([problemAt({ file, line: 1 }, `the file is empty; expected the header ${HEADER.join(",")}`)]);
  const problems: ImportProblem[] = [];
  const table = parseCsv(text, file, problems);
  if (!table) return failed(problems);
  if (table.header.length !== HEADER.length || table.header.some((name, i) => name !== HEADER[i])) {
    return failed([problemAt({ file, line: 1 }, `the first line must be the header ${HEADER.join(",")}, found ${quoted(table.header.join(","))}`)]);
  }
  const participants = new Map<string, Row>();
  const images = new Map<string, number>();
  let capacity = 64;
  for (const { line, fields } of table.rows) {
    const [participant, image, scoreText] = fields as [string, string, string];
    const problem = (message: string) => problems.push(problemAt({ file, line }, message));
    if (participant === "") problem("the participant is empty");
    else if (image === "") problem("the image is empty");
    else if (NOT_FINITE.test(scoreText) || (NUMBER.test(scoreText) && !Number.isFinite(Number(scoreText)))) problem(`score ${quoted(scoreText)} is not finite`);
    else if (!NUMBER.test(scoreText)) problem(`score ${quoted(scoreText)} is not a number`);
    else {
      let imageIndex = images.get(image);
      if (imageIndex === undefined) {
        imageIndex = images.size;
        images.set(image, imageIndex);
        if (imageIndex >= capacity) {
          capacity *= 2;
          for (const row of participants.values()) grow(row, capacity);
        }
      }
      let row = participants.get(participant);
      if (!row) {
        row = { firstLine: line, lines: new Int32Array(capacity), scores: new Float64Array(capacity) };
        participants.set(participant, row);
      }
      const earlier = row.lines[imageIndex]!;
      if (earlier !== 0) {
        problem(`participant ${quoted(participant)} already has a score for image ${quoted(image)} (line ${earlier})`);
      } else {
        row.lines[imageIndex] = line;
        row.scores[imageIndex] = Number(scoreText);
      }
    }
    if (problems.length > MAX_PROBLEMS) break;
  }
  if (problems.length > 0) return failed(problems);
  if (participants.size === 0) return failed([problemAt({ file, line: 2 }, "no scores after the header")]);
  const imageNames = [...images.keys()];
  const width = imageNames.length;
  const scores = new Float64Array(participants.size * width);
  let p = 0;
  for (const [participant, row] of participants) {
    const missing = imageNames.filter((_, i) => row.lines[i] === 0);
    if (missing.length > 0) {
      const others = missing.length > 1 ? ` (and ${missing.length - 1} other image${missing.length > 2 ? "s" : ""})` : "";
      problems.push(
        problemAt({ file, line: row.firstLine }, `participant ${quoted(participant)} (first row on this line) has no score for image ${quoted(missing[0]!)}${others}, which other participants have`),
      );
    }
    scores.set(row.scores.subarray(0, width), p * width);
    p++;
  }
  if (problems.length > 0) return failed(problems);
  return { ok: true, value: { participants: [...participants.keys()], images: imageNames, scores } };
}

function grow(row: Row, capacity: number): void {
  const lines = new Int32Array(capacity);
  lines.set(row.lines);
  row.lines = lines;
  const scores = new Float64Array(capacity);
  scores.set(row.scores);
  row.scores = scores;
}
