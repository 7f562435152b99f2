import { z } from "zod";
import { ZId, ZSlug } from "./common";

export const ZRequestTransferSchema = z.object({ submissionId: ZId, targetSlug: ZSlug });

export const ZTransferCellSchema = z.object({
  status: z.enum(["queued", "running", "scored", "failed", "cancelled"]),
  score: z.number().nullable(),
  errorMessage: z.string().nullable(),
  /** Mean per-image score per imaging condition of the target's test set (per-image metrics only). */
  byCondition: z.object({ column: z.string(), rows: z.array(z.object({ value: z.string(), images: z.number(), score: z.number() })) }).nullable(),
  imagesPerSecond: z.number().nullable(),
  /** Set while the target's test set is hidden from this viewer: the result shows after this date. */
  hiddenUntil: z.date().nullable(),
});

/** Rows: models submitted to a challenge; columns: the other challenges they were evaluated on. */
export const ZTransferTableDtoSchema = z.object({
  targets: z.array(z.object({ slug: z.string(), title: z.string() })),
  rows: z.array(
    z.object({
      submissionId: z.string(),
      participant: z.string(),
      filename: z.string(),
      isBaseline: z.boolean(),
      ownPublicScore: z.number().nullable(),
      cells: z.record(z.string(), ZTransferCellSchema),
    }),
  ),
});
export type TransferTableDto = z.infer<typeof ZTransferTableDtoSchema>;
