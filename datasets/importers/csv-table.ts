// CSV reading for uploads: quoted fields (RFC 4180), a BOM, CRLF, and a line number on every
// row so each problem can point at the line to fix.
import { errorText } from "./file-source";
import { problemAt } from "./problems";
import type { ImportProblem } from "./types";

interface CsvRow {
  /** 1-based line on which the row starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
}

/**
 * Parses `text`; rows whose field count differs from the header's are reported and dropped.
 * Blank lines are skipped. Fields are trimmed (Kaggle files are hand-edited).
 */
export function parseCsv(text: string, file: string, problems: ImportProblem[]): CsvTable | null {
  const records: CsvRow[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldWasQuoted = false;
  const endField = (): void => {
    fields.push(fieldWasQuoted ? field : field.trim());
    field = "";
    fieldWasQuoted = false;
  };
  const endRecord = (): void => {
    endField();
    if (!(fields.length === 1 && fields[0] === "")) records.push({ line: recordLine, fields });
    fields = [];
  };
  const body = text.replace(/^\uFEFF/, "");
  // NUL never belongs in CSV text (binary or UTF-16 files have them) and PostgreSQL refuses it
  // in the ids and metadata these tables become.
  const nul = body.indexOf("\u0000");
  if (nul !== -1) {
    const nulLine = body.slice(0, nul).split("\n").length;
    problems.push({ file, line: nulLine, message: `${file}:${nulLine}: contains a NUL byte; save the file as UTF-8 text` });
    return null;
  }
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      fieldWasQuoted = true;
      field = "";
    } else if (c === ",") endField();
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && body[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += c;
  }
  if (quoted) {
    problems.push({ file, line: recordLine, message: `${file}:${recordLine}: quoted field is never closed` });
    return null;
  }
  if (field !== "" || fields.length > 0) endRecord();
  const [head, ...rest] = records;
  if (!head) {
    problems.push({ file, message: `${file}: the file is empty; expected a header line` });
    return null;
  }
  const rows: CsvRow[] = [];
  for (const row of rest) {
    if (row.fields.length !== head.fields.length) {
      problems.push({
        file,
        line: row.line,
        message: `${file}:${row.line}: ${row.fields.length} fields, but the header has ${head.fields.length}`,
      });
    } else rows.push(row);
  }
  return { file, header: head.fields, rows };
}

export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes);
}

/** The first line only, for recognizing a CSV by its header without parsing it all. */
function headerLine(bytes: Uint8Array): string[] {
  const end = Math.min(bytes.length, 4096);
  const text = decodeText(bytes.subarray(0, end)).replace(/^\uFEFF/, "");
  const first = text.split(/\r?\n/, 1)[0] ?? "";
  return first.split(",").map((f) => f.trim().replace(/^"(.*)"$/, "$1"));
}

/**
 * The CSV files among `files`, read, with their header row; every other file goes to
 * `ignored`, and a CSV that cannot be read becomes a problem. Importers recognize their
 * label or solution files by header, wherever in the source they are.
 */
export async function readCsvFiles(
  source: { read(path: string): Promise<Uint8Array> },
  files: readonly string[],
  problems: ImportProblem[],
  ignored: string[],
): Promise<Array<{ file: string; bytes: Uint8Array; header: string[] }>> {
  const found: Array<{ file: string; bytes: Uint8Array; header: string[] }> = [];
  for (const file of files) {
    if (!file.toLowerCase().endsWith(".csv")) {
      ignored.push(file);
      continue;
    }
    try {
      const bytes = await source.read(file);
      found.push({ file, bytes, header: headerLine(bytes) });
    } catch (error) {
      problems.push(problemAt({ file }, `cannot read file (${errorText(error)})`));
    }
  }
  return found;
}
