// YAML a person wrote (a bundle's challenge.yaml, a scoring rule file): parsed strictly
// (duplicate keys refused), every error with the file's name, line and column.
import { parseDocument } from "yaml";

export function parseYaml(text: string, file: string): { ok: true; value: unknown } | { ok: false; problems: string[] } {
  const document = parseDocument(text, { uniqueKeys: true });
  if (document.errors.length === 0) return { ok: true, value: document.toJS() };
  return {
    ok: false,
    problems: document.errors.map((error) => {
      const at = error.linePos?.[0];
      return `${file}: ${at ? `line ${at.line}, column ${at.col}: ` : ""}${(error.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`;
    }),
  };
}
