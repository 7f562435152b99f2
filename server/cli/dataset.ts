// `npm run dataset -- import <folder|file.zip> --slug <slug> --name "<name>" [options]`,
// `npm run dataset -- list` and `npm run dataset -- delete <slug>`. Imports validate
// everything first and print every problem; nothing is stored unless the whole dataset is
// valid. Exit codes: 0 done (imported, already there, deleted), 2 problems in the data or a
// refusal (a challenge uses the dataset, no such dataset), 1 anything else.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { directorySource, zipSource } from "../../datasets/importers/file-source";
import { TASK_TYPE_TITLES } from "../../datasets/task-types";
import type { ImportProblem } from "../../datasets/importers/types";
import { isAppError } from "../errors";
import { datasetRepository } from "../repositories/dataset-repository";
import type { DatasetImportPreview, ImportOptionsInput, ResplitDatasetRequestInput } from "../contracts/dataset";
import type { FileSource } from "../../datasets/importers/file-source";
import type { SplitCounts } from "../../datasets/split-summary";
import { previewDatasetImport } from "../services/dataset/preview-dataset-import";
import { resplitDataset } from "../services/dataset/resplit-dataset";
import { deleteDataset } from "../services/dataset/delete-dataset";
import { importDataset } from "../services/dataset/import-dataset";
import { withDatabase } from "./with-database";

const USAGE = `usage:
  npm run dataset -- import <folder|file.zip> --slug <slug> --name "<name>" [options]
  npm run dataset -- list
  npm run dataset -- delete <slug>     removes a dataset no challenge uses, with all its files
  npm run dataset -- resplit <from-slug> --slug <new-slug> --name "<name>" [--by <column>]
      [--seed <n>] [--fractions …] [--public-metadata …] [--description …] [--dry-run]
                                       a new version with another (stratified) split, made
                                       from what the dataset stored (no archive needed)

import options:
  --layout dsb|hpa|instance-labels   default: detected from the files
  --metadata <path in source>        metadata CSV (ImageId,<column>…); default: a single metadata.csv
  --single-label                     HPA layout: exactly one label per image (single-label
                                     classification, scored by accuracy or macro F1); a row with
                                     none or several is reported. Default: multi-label
  --split usage|stratified           usage: Kaggle's Usage column (Public/Private/Ignored = test,
                                     Validation = validation); stratified: a seeded split
                                     (default when there is no Usage)
  --by <column>                      stratify over this metadata column (e.g. condition)
  --seed <n>                         split seed (default 0)
  --fractions <train,public,private[,validation]>
                                     default 0.6,0.2,0.2 (no validation images); they add up
                                     to 1. Validation images are predicted with the test images
                                     and scored per image, never in the public/private scores
  --public-metadata <col,col>        metadata columns shown with test images (default: descriptive
                                     ones: condition, modality, stain, microscope, cellLine, …)
  --description "<text>"
  --dry-run                          read, validate and split, print the images per split (and per
                                     value of the --by column, else "condition", and per class);
                                     store nothing`;

function formatProblem(p: ImportProblem): string {
  const where = [p.file, p.line !== undefined ? `line ${p.line}` : undefined, p.imageId ? `image ${p.imageId}` : undefined].filter(Boolean).join(", ");
  return where && !p.message.includes(p.file ?? "\u0000") ? `${where}: ${p.message}` : p.message;
}

function progressBar(phase: string, done: number, total: number): void {
  if (!process.stderr.isTTY && done !== total && done % 50 !== 0) return;
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const line = `${phase.padEnd(8)} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? "\n" : ""}`);
  else process.stderr.write(`${line}\n`);
}

/** The options `import` and `resplit` share: the new dataset's names, its split and what test images show. */
const NEW_DATASET_OPTIONS = {
  slug: { type: "string" },
  name: { type: "string" },
  by: { type: "string" },
  seed: { type: "string" },
  fractions: { type: "string" },
  "public-metadata": { type: "string" },
  description: { type: "string" },
  "dry-run": { type: "boolean" },
} as const;

interface NewDatasetValues {
  by?: string;
  seed?: string;
  fractions?: string;
  "public-metadata"?: string;
  description?: string;
}

/** `--fractions` as numbers: undefined when not given, null (after printing why) when it is not 3 or 4 of them. */
function parseFractions(text: string | undefined): number[] | undefined | null {
  const fractions = text?.split(",").map(Number);
  if (fractions && fractions.length !== 3 && fractions.length !== 4) {
    console.error(`dataset: --fractions takes 3 or 4 numbers (train,public,private[,validation]), got "${text}"`);
    return null;
  }
  return fractions;
}

/** --description and --public-metadata, as the import and re-split requests take them. */
function describedOptions(values: NewDatasetValues): { description?: string; publicMetadataKeys?: string[] } {
  return {
    ...(values.description !== undefined ? { description: values.description } : {}),
    ...(values["public-metadata"] !== undefined ? { publicMetadataKeys: values["public-metadata"].split(",").filter(Boolean) } : {}),
  };
}

/** The stratified split --by, --seed and --fractions ask for. */
function stratifiedSplit(values: NewDatasetValues, fractions: number[] | undefined) {
  return {
    kind: "stratified" as const,
    ...(values.by !== undefined ? { by: values.by } : {}),
    ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
    ...(fractions ? { fractions: { train: fractions[0] ?? NaN, public_test: fractions[1] ?? NaN, private_test: fractions[2] ?? NaN, validation: fractions[3] ?? 0 } } : {}),
  };
}

async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...NEW_DATASET_OPTIONS,
      layout: { type: "string" },
      metadata: { type: "string" },
      split: { type: "string" },
      "single-label": { type: "boolean" },
    },
  });
  const target = positionals[0];
  if (!target || !values.slug || !values.name) {
    console.error(USAGE);
    return 1;
  }
  if (!fs.existsSync(target)) {
    console.error(`dataset: ${target} does not exist`);
    return 1;
  }
  const source = fs.statSync(target).isDirectory() ? directorySource(path.resolve(target)) : zipSource(new Uint8Array(fs.readFileSync(target)), path.basename(target));
  const fractions = parseFractions(values.fractions);
  if (fractions === null) return 1;
  const options: ImportOptionsInput = {
    slug: values.slug,
    name: values.name,
    ...describedOptions(values),
    ...(values.layout !== undefined ? { layout: values.layout as "dsb" } : {}),
    ...(values.metadata !== undefined ? { metadataFile: values.metadata } : {}),
    ...(values["single-label"] ? { taskType: "singlelabel_classification" as const } : {}),
    ...(values.split === "usage"
      ? { split: { kind: "usage" as const } }
      : values.split === "stratified" || values.by !== undefined || values.seed !== undefined || fractions
        ? { split: stratifiedSplit(values, fractions) }
        : {}),
  };
  if (values["dry-run"]) return runPreview(source, options, values.by);
  const started = Date.now();
  const outcome = await withDatabase(() => importDataset(source, options, { onProgress: progressBar }));
  for (const warning of outcome.warnings) console.error(`warning: ${formatProblem(warning)}`);
  if (!outcome.ok) {
    console.error(`\n${outcome.problems.length} problem${outcome.problems.length === 1 ? "" : "s"}; nothing was imported:`);
    for (const problem of outcome.problems) console.error(`  - ${formatProblem(problem)}`);
    return 2;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    outcome.outcome === "created"
      ? `imported ${outcome.images} images as dataset "${outcome.slug}" in ${seconds} s`
      : `dataset "${outcome.slug}" already holds exactly this data; nothing changed`,
  );
  return 0;
}

function countsTable(preview: Extract<DatasetImportPreview, { ok: true }>): string[] {
  const withValidation = preview.splits.validation > 0;
  const columns = ["train", "public", "private", ...(withValidation ? ["validation"] : [])];
  const rows: [string, SplitCounts][] = [["all images", preview.splits]];
  if (preview.column !== null) for (const row of preview.byValue) rows.push([`${preview.column} = ${row.value ?? "(none)"}`, row.counts]);
  for (const row of preview.byLabel) rows.push([`class ${row.label} ${row.name}`, row.counts]);
  const first = Math.max(12, ...rows.map(([name]) => name.length)) + 2;
  const cells = (c: SplitCounts) => [c.train, c.public_test, c.private_test, ...(withValidation ? [c.validation] : [])];
  return [
    "".padEnd(first) + columns.map((c) => c.padStart(11)).join(""),
    ...rows.map(([name, counts]) => name.padEnd(first) + cells(counts).map((n) => String(n).padStart(11)).join("")),
  ];
}

async function runPreview(source: FileSource, options: ImportOptionsInput, by: string | undefined): Promise<number> {
  const preview = await withDatabase(() => previewDatasetImport(source, options, { onProgress: (done, total) => progressBar("reading", done, total), ...(by !== undefined ? { countBy: by } : {}) }));
  for (const warning of preview.warnings) console.error(`warning: ${formatProblem(warning)}`);
  if (!preview.ok) {
    console.error(`\n${preview.problems.length} problem${preview.problems.length === 1 ? "" : "s"}; the import would fail:`);
    for (const problem of preview.problems) console.error(`  - ${formatProblem(problem)}`);
    return 2;
  }
  console.log(`dry run: nothing was stored. ${preview.images} images (${preview.layout} layout, ${TASK_TYPE_TITLES[preview.taskType]}) would be split:`);
  for (const line of countsTable(preview)) console.log(line);
  if (preview.slugTaken) console.log(`note: a dataset "${options.slug}" already exists; importing would change nothing (same data) or be refused (other data)`);
  return 0;
}

async function runList(): Promise<number> {
  const datasets = await withDatabase(() => datasetRepository.list());
  if (datasets.length === 0) console.log("no datasets");
  for (const d of datasets) {
    console.log(`${d.slug.padEnd(32)} ${d.taskType.padEnd(26)} ${String(d._count.items).padStart(6)} images  ${d._count.challenges} challenge(s)  ${d.source}`);
  }
  return 0;
}

async function runDelete(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const slug = positionals[0];
  if (!slug || positionals.length > 1) {
    console.error(USAGE);
    return 1;
  }
  // The operator of the server may delete any dataset; the refusal (a challenge uses it) is the service's.
  const deleted = await withDatabase(() => deleteDataset({ slug, user: "operator" }));
  console.log(`deleted dataset "${deleted.slug}": ${deleted.images} images, ${deleted.blobs} stored files`);
  if (deleted.blobsLeft > 0) {
    console.error(`warning: ${deleted.blobsLeft} stored file(s) could not be removed (the server log names them); the dataset itself is gone`);
  }
  return 0;
}

async function runResplit(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: NEW_DATASET_OPTIONS });
  const from = positionals[0];
  if (!from || positionals.length > 1 || !values.slug || !values.name) {
    console.error(USAGE);
    return 1;
  }
  const fractions = parseFractions(values.fractions);
  if (fractions === null) return 1;
  const request: ResplitDatasetRequestInput = {
    from,
    slug: values.slug,
    name: values.name,
    ...describedOptions(values),
    split: stratifiedSplit(values, fractions),
    preview: values["dry-run"] === true,
  };
  const result = await withDatabase(() => resplitDataset({ user: "operator", request, onProgress: (done, total) => progressBar("storing", done, total) }));
  if (result.preview?.ok) {
    console.log(`dry run: nothing was stored. ${result.images} images of "${from}" would be split:`);
    for (const line of countsTable(result.preview)) console.log(line);
    if (result.preview.slugTaken) console.log(`note: a dataset "${values.slug}" already exists`);
    return 0;
  }
  console.log(
    result.outcome === "created"
      ? `split ${result.images} images of "${from}" into the new dataset "${result.slug}"`
      : `dataset "${result.slug}" already holds exactly this split; nothing changed`,
  );
  return 0;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "import") return runImport(rest);
  if (command === "list") return runList();
  if (command === "delete") return runDelete(rest);
  if (command === "resplit") return runResplit(rest);
  console.error(USAGE);
  return command === "--help" || command === "help" ? 0 : 1;
}

main()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (isAppError(error) || error instanceof Error) console.error(`dataset: ${error.message}`);
    else console.error(`dataset: ${String(error)}`);
    process.exit(isAppError(error) && error.code !== "INTERNAL" ? 2 : 1);
  });
