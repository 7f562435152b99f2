// What a challenge promises an uploaded ONNX model, and what it expects back: input layout,
// normalisation, sizes, output meaning. The platform does all decoding and post-processing
// from this contract, so a participant's model only ever sees float tensors.
import { z } from "zod";
import { HPA_CHANNELS } from "../../datasets/types";
import { zText } from "../contracts/common";

/** How 8-bit pixel values v (0–255) become model inputs. */
const ZNormalizationSchema = z.discriminatedUnion("kind", [
  /** x = v / divisor: 255 gives 0–1. */
  z.object({ kind: z.literal("scale"), divisor: z.number().positive().default(255) }).strict(),
  /**
   * x = (v / 255 − mean[c]) / std[c], per input channel in the model's channel order: the
   * torchvision convention, so ImageNet statistics can be pasted as they are.
   */
  z
    .object({
      kind: z.literal("meanStd"),
      mean: z.array(z.number()).min(1),
      std: z.array(z.number().positive()).min(1),
    })
    .strict(),
]);
export type Normalization = z.infer<typeof ZNormalizationSchema>;

const DEFAULT_NORMALIZATION = { kind: "scale", divisor: 255 } as const satisfies Normalization;

const ZBatchSizeSchema = z.number().int().min(1).max(64).default(1);

/** Tensor names default to what most export scripts use (`input_names=["input"]`). */
// zText: the contract is stored as jsonb and shown on the Evaluation tab, so no NUL or control characters.
const ZTensorNameSchema = zText({ min: 1, max: 200 });

const RGB_CHANNELS = ["red", "green", "blue"] as const;

function isPermutation(order: readonly string[], of: readonly string[]): boolean {
  return order.length === of.length && of.every((c) => order.includes(c));
}

/** Spatial sizes the model accepts. */
const ZSegmentationSizeSchema = z.discriminatedUnion("kind", [
  /**
   * Any H and W that are multiples of `stride` (the model's total downsampling): each image
   * is padded at the bottom and right by edge replication, and the padding cropped from the
   * output.
   */
  z.object({ kind: z.literal("dynamic"), stride: z.number().int().min(1).max(256).default(32) }).strict(),
  /**
   * Exactly height × width: larger images are cut into overlapping tiles, each tile keeps
   * only its centre (the outer `overlap` pixels are dropped where a neighbour covers them);
   * smaller images are padded like dynamic ones.
   */
  z
    .object({
      kind: z.literal("fixed"),
      height: z.number().int().min(8).max(4096),
      width: z.number().int().min(8).max(4096),
      overlap: z.number().int().min(0).default(32),
    })
    .strict()
    .refine((s) => 2 * s.overlap < Math.min(s.height, s.width), "overlap must be less than half the tile size"),
]);

/** What the model's output means and how the platform turns it into instance labels. */
const ZSegmentationOutputSchema = z.discriminatedUnion("kind", [
  /**
   * An instance label map [N, 1, H, W] or [N, H, W] (any numeric type): 0 = background,
   * every other value one object. The platform relabels to 1..n; ids need not be dense.
   */
  z.object({ kind: z.literal("labels") }).strict(),
  /**
   * One foreground channel [N, 1, H, W]: pixels above `threshold` are foreground, 4-connected
   * components are the objects, components smaller than `minSize` pixels are dropped.
   */
  z
    .object({
      kind: z.literal("foreground"),
      /** "sigmoid" when the model outputs logits; "none" when it outputs probabilities. */
      activation: z.enum(["none", "sigmoid"]).default("none"),
      threshold: z.number().min(0).max(1).default(0.5),
      minSize: z.number().int().min(0).default(10),
    })
    .strict(),
  /**
   * Two channels [N, 2, H, W]: foreground (0) and object boundary (1). Seeds are foreground
   * pixels whose boundary value is below `threshold`; their components (≥ minSize) grow back
   * over the rest of the foreground, so touching objects separated by a boundary stay apart.
   */
  z
    .object({
      kind: z.literal("foregroundBoundary"),
      activation: z.enum(["none", "sigmoid"]).default("none"),
      threshold: z.number().min(0).max(1).default(0.5),
      minSize: z.number().int().min(0).default(10),
    })
    .strict(),
]);

export const ZSegmentationContractSchema = z
  .object({
    task: z.literal("segmentation"),
    inputName: ZTensorNameSchema.default("input"),
    outputName: ZTensorNameSchema.default("output"),
    /**
     * "grey": one channel, colour images reduced to Rec. 601 luma. "rgb": three channels in
     * `channelOrder`, grey images replicated.
     */
    channels: z.enum(["grey", "rgb"]).default("grey"),
    /** Only for "rgb": the order of the colour planes in the input tensor (e.g. BGR for OpenCV-trained models). */
    channelOrder: z.array(z.enum(RGB_CHANNELS)).default([...RGB_CHANNELS]),
    normalization: ZNormalizationSchema.default(DEFAULT_NORMALIZATION),
    size: ZSegmentationSizeSchema.default({ kind: "dynamic", stride: 32 }),
    output: ZSegmentationOutputSchema.default({ kind: "foreground", activation: "none", threshold: 0.5, minSize: 10 }),
    /** Images (or tiles) per run; larger batches are faster and take more memory. */
    batchSize: ZBatchSizeSchema,
  })
  .strict()
  .superRefine((contract, ctx) => {
    if (!isPermutation(contract.channelOrder, RGB_CHANNELS)) {
      ctx.addIssue({ code: "custom", path: ["channelOrder"], message: "channelOrder must list red, green and blue once each" });
    }
    checkNormalizationLength(contract.normalization, segmentationChannelCount(contract), ctx);
  });
export type SegmentationContract = z.infer<typeof ZSegmentationContractSchema>;

export const ZClassificationContractSchema = z
  .object({
    task: z.literal("classification"),
    inputName: ZTensorNameSchema.default("input"),
    outputName: ZTensorNameSchema.default("output"),
    /** Every channel is resized to S × S (area average when shrinking, bilinear when enlarging). */
    inputSize: z.number().int().min(8).max(1024).default(128),
    /** Order of the four HPA channels in the input tensor [N, 4, S, S]. */
    channelOrder: z.array(z.enum(HPA_CHANNELS)).default([...HPA_CHANNELS]),
    normalization: ZNormalizationSchema.default(DEFAULT_NORMALIZATION),
    /** "sigmoid" when the model outputs logits [N, classCount]; "none" when it outputs probabilities. */
    activation: z.enum(["sigmoid", "none"]).default("sigmoid"),
    /**
     * How scores become labels. "threshold" (multi-label): every class whose activated score
     * exceeds `threshold`. "argmax" (single-label): the one class with the highest score;
     * activation and threshold do not matter then (a monotone activation keeps the order).
     * A challenge fills it in from its dataset's task when the host leaves it out.
     */
    decision: z.enum(["threshold", "argmax"]).default("threshold"),
    /** A class is predicted when its (activated) score exceeds this. */
    threshold: z.number().default(0.5),
    /** When no class passes the threshold, predict the single best one instead of nothing. */
    fallbackToTopClass: z.boolean().default(false),
    /**
     * Scores per image, one per class of the dataset (0…classCount−1). 28 (HPA) when a contract
     * is parsed on its own; a challenge fills in its dataset's count when the host leaves it out.
     */
    classCount: z.number().int().min(1).max(1000).default(28),
    batchSize: ZBatchSizeSchema,
  })
  .strict()
  .superRefine((contract, ctx) => {
    if (!isPermutation(contract.channelOrder, HPA_CHANNELS)) {
      ctx.addIssue({ code: "custom", path: ["channelOrder"], message: "channelOrder must list red, green, blue and yellow once each" });
    }
    checkNormalizationLength(contract.normalization, HPA_CHANNELS.length, ctx);
  });
export type ClassificationContract = z.infer<typeof ZClassificationContractSchema>;

export const ZModelContractSchema = z.discriminatedUnion("task", [ZSegmentationContractSchema, ZClassificationContractSchema]);
export type ModelContract = z.infer<typeof ZModelContractSchema>;

export function segmentationChannelCount(contract: Pick<SegmentationContract, "channels">): 1 | 3 {
  return contract.channels === "grey" ? 1 : 3;
}

function checkNormalizationLength(normalization: Normalization, channels: number, ctx: z.RefinementCtx): void {
  if (normalization.kind !== "meanStd") return;
  for (const key of ["mean", "std"] as const) {
    if (normalization[key].length !== channels) {
      ctx.addIssue({
        code: "custom",
        path: ["normalization", key],
        message: `${key} needs one value per input channel (${channels})`,
      });
    }
  }
}
