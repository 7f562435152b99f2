// The first half of an import, shared with its preview: parse the options, read the source with
// the importers (every problem at once) and assign every image its split. Stores nothing.
import { describeZodIssues } from "../../contracts/common";
import { ZImportOptionsSchema, type ImportOptions, type ImportOptionsInput } from "../../contracts/dataset";
import { splitFromUsage, stratifiedSplits } from "../../../datasets/assign-splits";
import { importAny } from "../../../datasets/importers";
import { iterativeStratification } from "../../../datasets/iterative-stratification";
import type { FileSource } from "../../../datasets/importers/file-source";
import type { ImportedDataset, ImportProblem } from "../../../datasets/importers/types";
import { isClassificationTask } from "../../../datasets/task-types";
import type { ItemUsage, Split } from "../../../datasets/types";
import { AppError } from "../../errors";

export type ReadOutcome =
  | { ok: true; options: ImportOptions; dataset: ImportedDataset; split: (imageId: string) => Split; warnings: ImportProblem[] }
  | { ok: false; problems: ImportProblem[]; warnings: ImportProblem[] };

/** What splitting looks at: ids, metadata, Usage and (classification) labels. */
export interface SplittableItem {
  imageId: string;
  metadata: Record<string, string | number>;
  usage: ItemUsage | null;
  /** Classification: the image's class ids. */
  classes?: readonly number[];
}

/** Splits by the policy asked for (default: Usage when there is some, else 0.6/0.2/0.2 seeded), or says why not. */
export function assignSplits(
  dataset: { kind: ImportedDataset["kind"]; items: readonly SplittableItem[] },
  options: Pick<ImportOptions, "split">,
): { splits: Map<string, Split> } | { problems: ImportProblem[] } {
  const items = dataset.items;
  const withUsage = items.filter((item) => item.usage !== null);
  const policy: NonNullable<ImportOptions["split"]> =
    options.split ?? (withUsage.length > 0 ? { kind: "usage" } : { kind: "stratified", seed: 0, fractions: { train: 0.6, public_test: 0.2, private_test: 0.2, validation: 0 } });
  if (policy.kind === "usage") {
    const splits = new Map(items.map((item) => [item.imageId, splitFromUsage(item.usage)] as const));
    const problems: ImportProblem[] = [];
    if (![...splits.values()].includes("public_test")) problems.push({ message: "Splitting by Usage needs rows with Usage = Public (a solution CSV or a Usage column in the metadata); none were found." });
    if (![...splits.values()].includes("private_test")) problems.push({ message: "Splitting by Usage needs rows with Usage = Private; none were found." });
    return problems.length > 0 ? { problems } : { splits };
  }
  if (policy.by !== undefined) {
    const by = policy.by;
    if (!items.some((item) => item.metadata[by] !== undefined)) {
      const columns = [...new Set(items.flatMap((item) => Object.keys(item.metadata)))];
      return { problems: [{ message: `Cannot stratify over "${by}": no image has that metadata column (columns: ${columns.join(", ") || "none"}).` }] };
    }
  }
  if (isClassificationTask(dataset.kind)) {
    // Several labels per image: a split stratified over one value cannot keep rare classes in
    // every test split, iterative stratification does. The metadata value, when asked for, is
    // balanced as one more label (named so it cannot clash with a class id). With one label
    // per image it is a split stratified by class that still deals the rarest class first, so
    // a class of five images lands in both test splits (a plain per-stratum deal may not).
    const by = policy.by;
    return {
      splits: iterativeStratification(
        dataset.items.map((item) => ({ key: item.imageId, labels: by === undefined ? (item.classes ?? []) : [...(item.classes ?? []), `metadata:${by}=${String(item.metadata[by] ?? "")}`] })),
        { seed: policy.seed, fractions: policy.fractions },
      ),
    };
  }
  return {
    splits: stratifiedSplits(
      items.map((item) => ({ key: item.imageId, stratum: policy.by === undefined ? "" : String(item.metadata[policy.by] ?? "") })),
      { seed: policy.seed, fractions: policy.fractions },
    ),
  };
}

export async function readAndSplitDataset(
  source: FileSource,
  input: ImportOptionsInput,
  onProgress?: (done: number, total: number) => void,
): Promise<ReadOutcome> {
  const parsed = ZImportOptionsSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("INVALID_INPUT", { message: `Import options: ${describeZodIssues(parsed.error, "options", Infinity)}` });
  }
  const options = parsed.data;
  const imported = await importAny(source, {
    layout: options.layout,
    metadataCsv: options.metadataFile,
    ...(options.taskType ? { labels: options.taskType === "singlelabel_classification" ? ("single" as const) : ("multi" as const) } : {}),
    ...(onProgress ? { onProgress } : {}),
  });
  if (!imported.ok) return imported;
  const dataset = imported.value;
  const splittable: SplittableItem[] =
    dataset.kind !== "instance_segmentation"
      ? dataset.items.map(({ imageId, metadata, usage, labels }) => ({ imageId, metadata, usage, classes: labels }))
      : dataset.items.map(({ imageId, metadata, usage }) => ({ imageId, metadata, usage }));
  const assigned = assignSplits({ kind: dataset.kind, items: splittable }, options);
  if ("problems" in assigned) return { ok: false, problems: assigned.problems, warnings: imported.warnings };
  const splits = assigned.splits;
  return { ok: true, options, dataset, split: (imageId) => splits.get(imageId) ?? "train", warnings: imported.warnings };
}
