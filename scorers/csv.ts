// Minimal CSV field splitting for the Kaggle formats we score: no field contains a comma,
// but some tools quote every field.

export function splitCsvLine(line: string): string[] {
  return line.split(",").map((field) => {
    const trimmed = field.trim();
    return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1) : trimmed;
  });
}

/** Header names, case-sensitive as Kaggle's, with a UTF-8 BOM removed. */
export function headerOf(line: string): string[] {
  return splitCsvLine(line.replace(/^\uFEFF/, ""));
}
