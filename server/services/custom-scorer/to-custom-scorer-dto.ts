import { ZCustomScorerDeclarationSchema } from "../../../scorers/custom/declaration";
import { ZTrialCaseDtoSchema, type CustomScorerVersionDto } from "../../contracts/custom-scorer";
import type { CustomScorerVersionRecord } from "../../repositories/custom-scorer-repository";
import { customMetricId } from "./custom-metric-id";

/** A stored version as hosts see it; `challengeMetricId` tells whether it is the live one. */
export function toCustomScorerVersionDto(row: CustomScorerVersionRecord, challengeMetricId: string): CustomScorerVersionDto {
  // Both were checked before they were stored; parsing again keeps a hand-edited row from leaking through.
  const declaration = ZCustomScorerDeclarationSchema.parse(row.declaration);
  const metricId = customMetricId(row.scorerId, row.version);
  const trial = row.trial as { cases?: unknown } | null;
  return {
    id: row.id,
    scorerId: row.scorerId,
    version: row.version,
    title: row.title,
    metricId,
    outputs: declaration.outputs,
    paramsDeclared: declaration.params,
    params: (row.params ?? {}) as Record<string, unknown>,
    cases: ZTrialCaseDtoSchema.array().catch([]).parse(trial?.cases ?? []),
    live: challengeMetricId === metricId,
    createdAt: row.createdAt,
  };
}
