// `npm run cli -- challenge rule`: a scoring rule file read (YAML or JSON, errors with line
// and field), and a rule and a preview printed for a terminal.
import fs from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { describeZodIssues } from "../contracts/common";
import { ZScoringRuleSchema, type ScoringRule, type ScoringRuleDto, type ScoringRulePreview } from "../contracts/scoring-rule";
import { parseYaml } from "../yaml-text";

export function readRuleFile(file: string): { ok: true; value: ScoringRule } | { ok: false; problem: string } {
  if (!fs.existsSync(file)) return { ok: false, problem: `no such file: ${file}` };
  // JSON is YAML, so one parser reads both.
  const document = parseYaml(fs.readFileSync(file, "utf8"), path.basename(file));
  if (!document.ok) return { ok: false, problem: document.problems.join("\n") };
  const rule = ZScoringRuleSchema.safeParse(document.value);
  if (!rule.success) return { ok: false, problem: `${path.basename(file)}: ${describeZodIssues(rule.error, "rule", Infinity)}` };
  return { ok: true, value: rule.data };
}

export function showRule(dto: ScoringRuleDto): string {
  const history = dto.history.map((h) => `#   v${h.version} ${h.changedAt.toISOString()} ${h.changedBy ?? "unknown"}: ${h.changes.join("; ")}`);
  const outdated = dto.phases.filter((p) => p.outdated > 0).map((p) => `#   ${p.phaseName}: ${p.outdated} of ${p.scored} scores computed under an older version`);
  return [
    `# scoring rule of ${dto.slug}, version ${dto.version} (edit and pass with --set)`,
    `# metrics: ${dto.metrics.map((m) => m.id).join(", ")}`,
    ...(history.length > 0 ? ["# history:", ...history] : []),
    ...outdated,
    stringify(dto.rule).trimEnd(),
  ].join("\n");
}

const value = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(4));

export function showPreview(preview: ScoringRulePreview): string {
  const lines = [preview.changes.length === 0 ? "no change from the saved rule" : `changes: ${preview.changes.join("; ")}`];
  lines.push("file                          public now  public  private");
  for (const c of preview.cases) {
    const name = `${c.name} (${c.kind})`.padEnd(30);
    lines.push(c.proposed ? `${name}${value(c.current?.public).padStart(10)}  ${value(c.proposed.public).padStart(6)}  ${value(c.proposed.private).padStart(7)}` : `${name}  not scored: ${c.error}`);
  }
  return lines.join("\n");
}
