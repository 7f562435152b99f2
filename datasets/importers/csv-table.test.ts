import { describe, expect, it } from "vitest";
import { parseCsv } from "./csv-table";
import type { ImportProblem } from "./types";

describe("parseCsv", () => {
  it("should handle a BOM, CRLF, quoted fields with commas, quotes and newlines, and count lines", () => {
    const problems: ImportProblem[] = [];
    const table = parseCsv('\uFEFFId,Note\r\na,"x, ""y"""\r\n\r\nb,"two\nlines"\nc, spaced \n', "t.csv", problems);
    expect(problems).toEqual([]);
    expect(table?.header).toEqual(["Id", "Note"]);
    expect(table?.rows).toEqual([
      { line: 2, fields: ["a", 'x, "y"'] },
      { line: 4, fields: ["b", "two\nlines"] },
      { line: 6, fields: ["c", "spaced"] },
    ]);
  });

  it("should report rows with the wrong number of fields and unclosed quotes", () => {
    const problems: ImportProblem[] = [];
    parseCsv("Id,Target\na,1,2\nb\n", "t.csv", problems);
    expect(problems.map((p) => p.message)).toEqual(["t.csv:2: 3 fields, but the header has 2", "t.csv:3: 1 fields, but the header has 2"]);
    const unclosed: ImportProblem[] = [];
    expect(parseCsv('Id,Target\na,"1\n', "u.csv", unclosed)).toBeNull();
    expect(unclosed.map((p) => p.message)).toEqual(["u.csv:2: quoted field is never closed"]);
  });
});
