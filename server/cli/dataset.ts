// `npm run dataset -- import <folder|file.zip> --slug <slug> --name "<name>" [options]` and
// `npm run dataset -- list`. Imports validate everything first and print every problem;
// nothing is stored unless the whole dataset is valid. Exit codes: 0 imported (or already
// there), 2 problems in the data, 1 anything else.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { directorySource, zipSource } from "../../datasets/importers/file-source";
import type { ImportProblem } from "../../datasets/importers/types";
import { isAppError } from "../errors";
import { datasetRepository } from "../repositories/dataset-repository";
import type { ImportOptionsInput } from "../contracts/dataset";
import { importDataset } from "../services/dataset/import-dataset";
import { withDatabase } from "./with-database";

const USAGE = `usage:
  npm run dataset -- import <folder|file.zip> --slug <slug> --name "<name>" [options]
  npm run dataset -- list

import options:
  --layout dsb|hpa|instance-labels   default: detected from the files
  --metadata <path in source>        metadata CSV (ImageId,<column>…); default: a single metadata.csv
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
  --description "<text>"`;

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

async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      slug: { type: "string" },
      name: { type: "string" },
      layout: { type: "string" },
      metadata: { type: "string" },
      split: { type: "string" },
      by: { type: "string" },
      seed: { type: "string" },
      fractions: { type: "string" },
      "public-metadata": { type: "string" },
      description: { type: "string" },
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
  const fractions = values.fractions?.split(",").map(Number);
  if (fractions && fractions.length !== 3 && fractions.length !== 4) {
    console.error(`dataset: --fractions takes 3 or 4 numbers (train,public,private[,validation]), got "${values.fractions}"`);
    return 1;
  }
  const options: ImportOptionsInput = {
    slug: values.slug,
    name: values.name,
    ...(values.description !== undefined ? { description: values.description } : {}),
    ...(values.layout !== undefined ? { layout: values.layout as "dsb" } : {}),
    ...(values.metadata !== undefined ? { metadataFile: values.metadata } : {}),
    ...(values["public-metadata"] !== undefined ? { publicMetadataKeys: values["public-metadata"].split(",").filter(Boolean) } : {}),
    ...(values.split === "usage"
      ? { split: { kind: "usage" as const } }
      : values.split === "stratified" || values.by !== undefined || values.seed !== undefined || fractions
        ? {
            split: {
              kind: "stratified" as const,
              ...(values.by !== undefined ? { by: values.by } : {}),
              ...(values.seed !== undefined ? { seed: Number(values.seed) } : {}),
              ...(fractions
                ? { fractions: { train: fractions[0] ?? NaN, public_test: fractions[1] ?? NaN, private_test: fractions[2] ?? NaN, validation: fractions[3] ?? 0 } }
                : {}),
            },
          }
        : {}),
  };
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

async function runList(): Promise<number> {
  const datasets = await withDatabase(() => datasetRepository.list());
  if (datasets.length === 0) console.log("no datasets");
  for (const d of datasets) {
    console.log(`${d.slug.padEnd(32)} ${d.taskType.padEnd(26)} ${String(d._count.items).padStart(6)} images  ${d._count.challenges} challenge(s)  ${d.source}`);
  }
  return 0;
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "import") return runImport(rest);
  if (command === "list") return runList();
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
