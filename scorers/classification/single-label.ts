import { z } from "zod";
import { parseClassList, type LabelTruth, type ParsedValue } from "./id-table";

export const ZSingleLabelParams = z
  .object({
    /** Classes 0…classCount-1; null: the classes present in truth or submission (scikit-learn's default). */
    classCount: z.number().int().min(2).max(100_000).nullable().default(null),
  })
  .strict();
export type SingleLabelParams = z.infer<typeof ZSingleLabelParams>;

export function parseSingleLabel(text: string, params: SingleLabelParams): ParsedValue<number> {
  const parsed = parseClassList(text, params.classCount);
  if (!parsed.ok) return parsed;
  if (parsed.value.length !== 1) return { ok: false, message: `expected exactly one label, found ${parsed.value.length}` };
  return { ok: true, value: parsed.value[0] ?? 0 };
}

/** Single-label truth: every row names exactly one class. */
export function checkSingleLabelTruth(truth: LabelTruth): string | null {
  for (const id of truth.order) {
    const count = truth.labels.get(id)?.length ?? 0;
    if (count !== 1) return `truth Id "${id}" has ${count} labels; single-label metrics need exactly one`;
  }
  return null;
}
