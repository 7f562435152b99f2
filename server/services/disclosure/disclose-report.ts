// What crosses the boundary of a scorer's report, per audience. Built from an allow-list:
// each field a viewer gets is read from the report by name and shape here; a field a scorer
// adds later stays on the server until it is listed. While any phase using the test set is
// open, participants get only aggregates over public images, each over enough images not to
// be a per-image value: no per-image rows (their ids would name the public images), no
// object or label counts, no per-class values (a crafted submission reads one image's labels
// off them). Per-image feedback during a phase comes from the host's validation images,
// which are outside the test set: those everyone sees in full.
import { z } from "zod";
import type { ScoreBreakdownDto } from "../../contracts/submission";

export type Audience = "participant-open" | "participant-revealed" | "host";

interface DisclosurePolicy {
  /** Which test images the aggregates cover. */
  scope: "public" | "all";
  privateScore: boolean;
  perItem: boolean;
  perClass: boolean;
  /** Per-condition rows over fewer images are left out. */
  minImagesPerGroup: number;
  /** Whether a per-condition row says how many images it covers. */
  groupSizes: boolean;
}

/** Per-condition rows during a phase need at least this many public images. */
export const MIN_PUBLIC_IMAGES_PER_GROUP = 5;

export const DISCLOSURE_POLICY = {
  "participant-open": { scope: "public", privateScore: false, perItem: false, perClass: false, minImagesPerGroup: MIN_PUBLIC_IMAGES_PER_GROUP, groupSizes: false },
  "participant-revealed": { scope: "all", privateScore: true, perItem: true, perClass: true, minImagesPerGroup: 1, groupSizes: true },
  host: { scope: "all", privateScore: true, perItem: true, perClass: true, minImagesPerGroup: 1, groupSizes: true },
} as const satisfies Record<Audience, DisclosurePolicy>;

// The only parts of a stored report that are ever read for a viewer. Unknown keys are
// dropped by zod (objects strip by default), malformed parts read as absent.
const ZThresholdValues = z.array(z.object({ threshold: z.number(), value: z.number() }));
const ZClassScores = z.array(z.object({ classId: z.number(), name: z.string(), f1: z.number(), precision: z.number(), recall: z.number(), support: z.number() }));
const ZItems = z.array(z.object({ id: z.string(), usage: z.enum(["Public", "Private", "Validation"]).nullable(), score: z.number(), values: z.record(z.string(), z.number()).optional() }));
const ZModelRun = z.object({ images: z.number(), inferenceMs: z.number(), loopMs: z.number(), imagesPerSecond: z.number() });

const readable = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const ZReadableReport = z.object({
  perItem: readable(ZItems),
  perThreshold: readable(ZThresholdValues),
  perClass: readable(ZClassScores),
  itemMean: readable(z.boolean()),
  bySubset: readable(
    z.object({
      Public: readable(z.object({ perThreshold: readable(ZThresholdValues) })),
      Validation: readable(z.object({ score: z.number(), perThreshold: readable(ZThresholdValues), perClass: readable(ZClassScores) })),
    }),
  ),
  model: readable(ZModelRun),
});

export interface ConditionContext {
  /** The descriptive metadata column shown for test images (allow-listed by the dataset), or null. */
  column: string | null;
  /** imageId → value of that column, for test images. */
  valueOf: ReadonlyMap<string, string>;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** Mean score per condition value, over groups of at least `minImages` items, sorted by value. */
export function meanByCondition(
  items: ReadonlyArray<{ id: string; score: number }>,
  conditions: ConditionContext,
  minImages: number,
): { column: string; rows: Array<{ value: string; images: number; score: number }> } | null {
  if (!conditions.column) return null;
  const groups = new Map<string, number[]>();
  for (const item of items) {
    const value = conditions.valueOf.get(item.id) ?? "(none)";
    const scores = groups.get(value);
    if (scores) scores.push(item.score);
    else groups.set(value, [item.score]);
  }
  const rows = [...groups.entries()]
    .filter(([, scores]) => scores.length >= minImages)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([value, scores]) => ({ value, images: scores.length, score: mean(scores) }));
  return rows.length === 0 ? null : { column: conditions.column, rows };
}

function perCondition(
  items: ReadonlyArray<{ id: string; score: number }>,
  conditions: ConditionContext,
  policy: DisclosurePolicy,
): ScoreBreakdownDto["perCondition"] {
  const grouped = meanByCondition(items, conditions, policy.minImagesPerGroup);
  if (!grouped) return null;
  return { column: grouped.column, rows: grouped.rows.map((row) => ({ value: row.value, score: row.score, images: policy.groupSizes ? row.images : null })) };
}

const itemDto = (item: z.infer<typeof ZItems>[number]) => ({ id: item.id, usage: item.usage, score: item.score, ...(item.values ? { values: item.values } : {}) });

type ReadableReport = z.infer<typeof ZReadableReport>;

function breakdownOf(report: ReadableReport, policy: DisclosurePolicy, conditions: ConditionContext): ScoreBreakdownDto {
  const rows = report.perItem ?? [];
  const items = rows.filter((item) => item.usage !== "Validation");
  // Aggregates over images are computed here, server side, from rows that never leave it.
  const inScope = policy.scope === "all" ? items : items.filter((item) => item.usage === "Public");
  const validation = report.bySubset?.Validation;
  return {
    scope: policy.scope,
    perThreshold: (policy.scope === "all" ? report.perThreshold : report.bySubset?.Public?.perThreshold) ?? [],
    // Only where the metric is a mean over images is a group's mean the metric on that group.
    perCondition: report.itemMean === true ? perCondition(inScope, conditions, policy) : null,
    perClass: policy.perClass ? (report.perClass ?? []) : [],
    perItem: policy.perItem ? items.map(itemDto) : [],
    validation: validation
      ? {
          score: validation.score,
          perThreshold: validation.perThreshold ?? [],
          perClass: validation.perClass ?? [],
          perItem: rows.filter((item) => item.usage === "Validation").map(itemDto),
        }
      : null,
  };
}

/**
 * What `audience` may see of a stored report: its breakdowns, and how fast a model ran over
 * the test images (the same for every audience: no truth involved). The report is read once.
 */
export function discloseReport(
  stored: unknown,
  audience: Audience,
  conditions: ConditionContext,
): { breakdown: ScoreBreakdownDto; model: z.infer<typeof ZModelRun> | null } {
  const parsed = ZReadableReport.safeParse(stored ?? {});
  const report: ReadableReport = parsed.success ? parsed.data : {};
  const model = report.model;
  return {
    breakdown: breakdownOf(report, DISCLOSURE_POLICY[audience], conditions),
    model: model ? { images: model.images, inferenceMs: model.inferenceMs, loopMs: model.loopMs, imagesPerSecond: model.imagesPerSecond } : null,
  };
}
