// The optional metadata CSV shared by all layouts: `ImageId,<column>…` (or `Id,…`).
import type { ItemUsage } from "../types";
import { decodeText, parseCsv } from "./csv-table";
import type { FileSource } from "./file-source";
import { errorText } from "./file-source";
import { basename, problemAt } from "./problems";
import type { ImportOptions, ImportProblem } from "./types";

interface MetadataRow {
  line: number;
  values: Record<string, string | number>;
  usage: ItemUsage | null;
  width?: number;
  height?: number;
}

export interface MetadataTable {
  file: string;
  rows: Map<string, MetadataRow>;
}

const USAGES = ["Public", "Private", "Validation", "Ignored"] as const satisfies readonly ItemUsage[];

export const isUsage = (value: string): value is ItemUsage => (USAGES as readonly string[]).includes(value);

const SUPPLIED_NAME = "metadata CSV (supplied)";

/** Names the files `loadMetadata` would read, so importers do not treat them as data. */
export function metadataFiles(source: FileSource, option: ImportOptions["metadataCsv"]): string[] {
  if (option instanceof Uint8Array) return [];
  if (typeof option === "string") return [option];
  return source.list().filter((file) => basename(file).toLowerCase() === "metadata.csv");
}

/**
 * A column is numeric when every non-blank value survives `String(Number(v)) === v`, so
 * "007" (a well name) and "1e3" stay strings and a column never mixes types.
 */
function numericColumns(header: string[], rows: string[][]): boolean[] {
  return header.map((_, c) => {
    let any = false;
    for (const fields of rows) {
      const v = fields[c] ?? "";
      if (v === "") continue;
      any = true;
      if (String(Number(v)) !== v) return false;
    }
    return any;
  });
}

/**
 * Reads the metadata CSV named by `option` (a path in the source or the bytes), or the one
 * `metadata.csv` in the source when there is no option. Null when there is none or it is
 * unusable (the reason is in `problems`).
 */
export async function loadMetadata(
  source: FileSource,
  option: ImportOptions["metadataCsv"],
  problems: ImportProblem[],
): Promise<MetadataTable | null> {
  let file: string;
  let bytes: Uint8Array;
  if (option instanceof Uint8Array) {
    file = SUPPLIED_NAME;
    bytes = option;
  } else {
    const candidates = metadataFiles(source, option);
    if (typeof option === "string" && !source.list().includes(option)) {
      problems.push(problemAt({ file: option }, `metadata CSV not found in ${source.name}`));
      return null;
    }
    if (candidates.length === 0) return null;
    if (candidates.length > 1) {
      problems.push({ message: `several metadata.csv files (${candidates.join(", ")}); name one with the metadataCsv option` });
      return null;
    }
    file = candidates[0] ?? "";
    try {
      bytes = await source.read(file);
    } catch (error) {
      problems.push(problemAt({ file }, `cannot read file (${errorText(error)})`));
      return null;
    }
  }
  const table = parseCsv(decodeText(bytes), file, problems);
  if (!table) return null;
  const { header } = table;
  if (header[0] !== "ImageId" && header[0] !== "Id") {
    problems.push(problemAt({ file, line: 1 }, `first column must be ImageId (or Id), found "${header[0] ?? ""}"`));
    return null;
  }
  const duplicateColumns = header.filter((name, i) => header.indexOf(name) !== i);
  if (duplicateColumns.length > 0) {
    problems.push(problemAt({ file, line: 1 }, `duplicate column(s) ${[...new Set(duplicateColumns)].join(", ")}`));
    return null;
  }
  const numeric = numericColumns(header, table.rows.map((row) => row.fields));
  const rows = new Map<string, MetadataRow>();
  for (const { line, fields } of table.rows) {
    const imageId = fields[0] ?? "";
    if (imageId === "") {
      problems.push(problemAt({ file, line }, "ImageId is empty"));
      continue;
    }
    const first = rows.get(imageId);
    if (first) {
      problems.push(problemAt({ file, line, imageId }, `duplicate row for image ${imageId} (first on line ${first.line})`));
      continue;
    }
    const row: MetadataRow = { line, values: {}, usage: null };
    header.forEach((column, c) => {
      const value = fields[c] ?? "";
      if (c === 0 || value === "") return;
      if (column === "Width" || column === "Height") {
        const size = Number(value);
        if (!Number.isInteger(size) || size < 1) {
          problems.push(problemAt({ file, line, imageId }, `${column} "${value}" is not a positive integer`));
        } else if (column === "Width") row.width = size;
        else row.height = size;
      } else if (column === "Usage") {
        if (isUsage(value)) row.usage = value;
        else problems.push(problemAt({ file, line, imageId }, `Usage "${value}" must be Public, Private, Validation or Ignored`));
      } else {
        row.values[column] = numeric[c] ? Number(value) : value;
      }
    });
    rows.set(imageId, row);
  }
  return { file, rows };
}

export interface MetadataTarget {
  imageId: string;
  width: number;
  height: number;
  metadata: Record<string, string | number>;
  usage: ItemUsage | null;
  /** Where `usage` came from, for conflict messages. */
  usageSource?: string;
}

/**
 * Copies rows onto items. `knownIds` holds every id seen in the source, imported or not, so
 * an image that failed for another reason is not also reported as unknown here.
 */
export function applyMetadata(
  table: MetadataTable,
  items: MetadataTarget[],
  knownIds: ReadonlySet<string>,
  problems: ImportProblem[],
  warnings: ImportProblem[],
): void {
  const { file } = table;
  for (const [imageId, row] of table.rows) {
    if (!knownIds.has(imageId)) {
      problems.push(problemAt({ file, line: row.line, imageId }, `unknown ImageId: image ${imageId} is not in the dataset`));
    }
  }
  const missing: string[] = [];
  for (const item of items) {
    const row = table.rows.get(item.imageId);
    if (!row) {
      missing.push(item.imageId);
      continue;
    }
    const where = { file, line: row.line, imageId: item.imageId };
    if (row.width !== undefined && row.width !== item.width) {
      problems.push(problemAt(where, `Width ${row.width} but image ${item.imageId} is ${item.width} pixels wide`));
    }
    if (row.height !== undefined && row.height !== item.height) {
      problems.push(problemAt(where, `Height ${row.height} but image ${item.imageId} is ${item.height} pixels high`));
    }
    if (row.usage) {
      if (item.usage && item.usage !== row.usage) {
        problems.push(
          problemAt(where, `Usage ${row.usage} conflicts with Usage ${item.usage} in ${item.usageSource ?? "the labels"} for image ${item.imageId}`),
        );
      } else item.usage = row.usage;
    }
    Object.assign(item.metadata, row.values);
  }
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).join(", ");
    const more = missing.length > 10 ? ` and ${missing.length - 10} more` : "";
    warnings.push({ file, message: `${file}: no metadata row for ${missing.length} image(s): ${shown}${more}` });
  }
}
