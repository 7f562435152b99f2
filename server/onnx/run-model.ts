// The evaluation loop for an uploaded model, meant to run inside the sandboxed child:
// decode → normalise → (tile/pad) → batch → run → stitch → post-process, one image at a
// time, with the model loaded once. Everything except evaluateModel is pure.
import * as ort from "onnxruntime-node";
import { decodePngToGrey, decodePngToRgb, lumaOf } from "../../datasets/png";
import type { HpaChannel } from "../../datasets/types";
import { connectedComponents, growSeeds, relabelSequential } from "../../datasets/connected-components";
import type { ClassificationContract, ModelContract, Normalization, SegmentationContract } from "./model-contract";
import { segmentationChannelCount } from "./model-contract";
import { BufferPool } from "./buffer-pool";
import { PixelLookup } from "./pixel-lookup";
import { resizePlane } from "./resize-plane";
import type { Tile } from "./tiling";
import { SessionThread, type RunOutput } from "./session-thread";
import type { ThreadSessionOptions } from "./session-thread-protocol";
import { extractWindow, planTiles } from "./tiling";

// ---------------------------------------------------------------------------------------
// Inputs

/** Per channel, the model value of each 8-bit level: normalising becomes one table lookup. */
export function normalizationTables(normalization: Normalization, channels: number): Float32Array[] {
  return Array.from({ length: channels }, (_, c) => {
    const table = new Float32Array(256);
    for (let v = 0; v < 256; v++) {
      table[v] =
        normalization.kind === "scale"
          ? v / normalization.divisor
          : (v / 255 - (normalization.mean[c] ?? 0)) / (normalization.std[c] ?? 1);
    }
    return table;
  });
}

/** Lookups for a contract's normalisation, built once per contract object (each holds 512 KiB of pairs). */
const lookupCache = new WeakMap<Normalization, PixelLookup[]>();

function lookupsFor(normalization: Normalization, channels: number): PixelLookup[] {
  const cached = lookupCache.get(normalization);
  if (cached && cached.length >= channels) return cached;
  const lookups = normalizationTables(normalization, channels).map((table) => new PixelLookup(table));
  lookupCache.set(normalization, lookups);
  return lookups;
}

export interface NormalizedImage {
  channels: number;
  height: number;
  width: number;
  /** channels × height × width, row-major, already normalised. */
  planes: Float32Array;
}

const RGB_OFFSET = { red: 0, green: 1, blue: 2 } as const;

/** 8-bit pixels already decoded: grey (1 value per pixel) or RGB (3). */
export interface DecodedPixels {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** Decodes a PNG for a contract: grey (luma) when the model takes one channel, else RGB. */
function decodeForContract(png: Uint8Array, contract: SegmentationContract): DecodedPixels {
  if (segmentationChannelCount(contract) === 1) {
    const { grey, width, height } = decodePngToGrey(png);
    return { width, height, channels: 1, data: grey };
  }
  const { rgb, width, height } = decodePngToRgb(png);
  return { width, height, channels: 3, data: rgb };
}

/**
 * The image (a PNG, or pixels decoded ahead) in the contract's channels (luma for grey,
 * planes in channelOrder for RGB), normalised. `scratch`, when big enough, receives the
 * planes instead of a new array (the evaluation loop reuses one for every image).
 */
export function normalizeSegmentationImage(source: Uint8Array | DecodedPixels, contract: SegmentationContract, scratch?: Float32Array): NormalizedImage {
  const decoded = source instanceof Uint8Array ? decodeForContract(source, contract) : source;
  const channels = segmentationChannelCount(contract);
  const lookups = lookupsFor(contract.normalization, channels);
  const { width, height } = decoded;
  const area = width * height;
  const planes = scratch && scratch.length >= channels * area ? scratch.subarray(0, channels * area) : new Float32Array(channels * area);
  if (channels === 1) {
    // Luma, as decodePngToGrey computes it, for pixels decoded as RGB.
    const grey = decoded.channels === 1 ? decoded.data : lumaOf(decoded.data, 3, area);
    lookups[0]!.map(grey, 0, 1, planes, 0, area);
    return { channels, height, width, planes };
  }
  contract.channelOrder.forEach((colour, c) => {
    // Grey pixels feed every colour channel alike.
    if (decoded.channels === 1) lookups[c]!.map(decoded.data, 0, 1, planes, c * area, area);
    else lookups[c]!.map(decoded.data, RGB_OFFSET[colour], 3, planes, c * area, area);
  });
  return { channels, height, width, planes };
}

export interface SegmentationInput {
  /** One window per tile, each channels × windowHeight × windowWidth. */
  windows: Float32Array[];
  /** Dims of one window as a batch of one: [1, C, windowHeight, windowWidth]. */
  dims: [number, number, number, number];
  tiles: Tile[];
  height: number;
  width: number;
  /** Pixels added at the bottom and right of a single-window (padded) input. */
  padding: { bottom: number; right: number };
}

/** Everything the model needs for one image: its window(s) and how to put the outputs back. */
export function prepareSegmentationInput(source: Uint8Array | DecodedPixels, contract: SegmentationContract): SegmentationInput {
  const image = normalizeSegmentationImage(source, contract);
  const { channels, height, width } = image;
  const plan = planTiles(height, width, contract.size);
  const windowSize = channels * plan.windowHeight * plan.windowWidth;
  const windows = plan.tiles.map((tile) => {
    const window = new Float32Array(windowSize);
    extractWindow(image.planes, channels, height, width, tile, plan.windowHeight, plan.windowWidth, window, 0);
    return window;
  });
  return {
    windows,
    dims: [1, channels, plan.windowHeight, plan.windowWidth],
    tiles: plan.tiles,
    height,
    width,
    padding: { bottom: Math.max(0, plan.windowHeight - height), right: Math.max(0, plan.windowWidth - width) },
  };
}

/** The four HPA channels resized to S × S and normalised, stacked in the contract's order: 4 × S × S. */
export function prepareClassificationInput(channels: Readonly<Record<HpaChannel, Uint8Array | DecodedPixels>>, contract: ClassificationContract): Float32Array {
  const s = contract.inputSize;
  const out = new Float32Array(4 * s * s);
  writeClassificationInput(channels, contract, out, 0);
  return out;
}

/** prepareClassificationInput, written into `out` at `offset` (a slot of the batch tensor). */
function writeClassificationInput(
  channels: Readonly<Record<HpaChannel, Uint8Array | DecodedPixels>>,
  contract: ClassificationContract,
  out: Float32Array,
  offset: number,
): void {
  const s = contract.inputSize;
  const lookups = lookupsFor(contract.normalization, 4);
  contract.channelOrder.forEach((channel, c) => {
    const source = channels[channel];
    const { grey, width, height } = source instanceof Uint8Array ? decodePngToGrey(source) : { grey: source.data, width: source.width, height: source.height };
    const lookup = lookups[c]!;
    const table = lookup.table;
    const planeOffset = offset + c * s * s;
    if (width === s && height === s) {
      lookup.map(grey, 0, 1, out, planeOffset, s * s);
      return;
    }
    // Resize the 8-bit values, then normalise: the tables are affine, so the order does not matter.
    const resized = resizePlane(grey, width, height, s, s);
    const a = table[0]!;
    const b = table[255]! - a;
    for (let i = 0; i < resized.length; i++) out[planeOffset + i] = a + (b * resized[i]!) / 255;
  });
}

// ---------------------------------------------------------------------------------------
// Outputs

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Two reusable masks for postprocessSegmentation (synchronous; it hands neither out). */
const masks = [new Uint8Array(0), new Uint8Array(0)];

function maskScratch(index: 0 | 1, length: number): Uint8Array {
  if (masks[index]!.length < length) masks[index] = new Uint8Array(length);
  return masks[index]!.subarray(0, length);
}

/**
 * Instance labels from a stitched model output (channels × height × width: 1 channel for
 * "labels" and "foreground", 2 for "foregroundBoundary").
 */
export function postprocessSegmentation(
  output: ArrayLike<number>,
  contract: SegmentationContract,
  height: number,
  width: number,
): Uint16Array {
  const area = height * width;
  const spec = contract.output;
  if (spec.kind === "labels") return relabelSequential(output, area).labels;

  // Compare logits with logit(threshold) instead of taking a sigmoid per pixel.
  const cut = spec.activation === "sigmoid" ? Math.log(spec.threshold / (1 - spec.threshold)) : spec.threshold;
  const foreground = maskScratch(0, area);
  for (let p = 0; p < area; p++) foreground[p] = output[p]! > cut ? 1 : 0;
  if (spec.kind === "foreground") return connectedComponents(foreground, width, height, spec.minSize).labels;

  const seeds = maskScratch(1, area);
  for (let p = 0; p < area; p++) seeds[p] = foreground[p] === 1 && output[area + p]! <= cut ? 1 : 0;
  return growSeeds(connectedComponents(seeds, width, height, spec.minSize).labels, foreground, width);
}

/** Predicted class ids (ascending) from one image's classCount scores. */
export function postprocessClassification(scores: ArrayLike<number>, contract: ClassificationContract): number[] {
  if (contract.decision === "argmax") return [argmaxClass(scores, contract.classCount)];
  const classes: number[] = [];
  let best = 0;
  for (let c = 0; c < contract.classCount; c++) {
    const raw = scores[c] ?? Number.NEGATIVE_INFINITY;
    const score = contract.activation === "sigmoid" ? sigmoid(raw) : raw;
    if (score > contract.threshold) classes.push(c);
    if (raw > (scores[best] ?? Number.NEGATIVE_INFINITY)) best = c;
  }
  if (classes.length === 0 && contract.fallbackToTopClass) classes.push(best);
  return classes;
}

/**
 * The class with the highest raw score (sigmoid and softmax keep the order), the lowest id on
 * ties so a run is reproducible. NaN never wins: a NaN score must not decide a label; all NaN
 * gives class 0, as an all-equal row does.
 */
export function argmaxClass(scores: ArrayLike<number>, classCount: number): number {
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < classCount; c++) {
    const score = scores[c] ?? Number.NEGATIVE_INFINITY;
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------
// The loop

export interface SegmentationItem {
  imageId: string;
  png: Uint8Array;
}

export interface ClassificationItem {
  imageId: string;
  /** One greyscale PNG per channel. */
  channels: Readonly<Record<HpaChannel, Uint8Array>>;
}

/** An item after decoding: what the evaluation loop itself consumes. */
export type DecodedItem =
  | { imageId: string; pixels: DecodedPixels }
  | { imageId: string; channels: Readonly<Record<HpaChannel, DecodedPixels>> };

const greyPixels = (png: Uint8Array): DecodedPixels => {
  const { grey, width, height } = decodePngToGrey(png);
  return { width, height, channels: 1, data: grey };
};

/** Decodes one item for a contract (grey or RGB pixels; each HPA channel as grey). */
export function decodeItem(item: SegmentationItem | ClassificationItem, contract: ModelContract): DecodedItem {
  if (contract.task === "segmentation") {
    if (!("png" in item)) throw new TypeError(`item ${item.imageId} has no png for a segmentation model`);
    return { imageId: item.imageId, pixels: decodeForContract(item.png, contract) };
  }
  if (!("channels" in item)) throw new TypeError(`item ${item.imageId} has no channels for a classification model`);
  const { red, green, blue, yellow } = item.channels;
  return { imageId: item.imageId, channels: { red: greyPixels(red), green: greyPixels(green), blue: greyPixels(blue), yellow: greyPixels(yellow) } };
}

/** Items decoded one at a time, as the loop asks for them (so the child streams from disk). */
export async function* decodeItems(
  items: Iterable<SegmentationItem | ClassificationItem> | AsyncIterable<SegmentationItem | ClassificationItem>,
  contract: ModelContract,
): AsyncIterable<DecodedItem> {
  for await (const item of iterate(items)) yield decodeItem(item, contract);
}

export type ModelPrediction =
  | { task: "segmentation"; imageId: string; width: number; height: number; labels: Uint16Array }
  | { task: "classification"; imageId: string; labels: number[]; scores: Float32Array };

export interface LoopTiming {
  images: number;
  /** Time inside session.run only. */
  inferenceMs: number;
  /** The whole loop after loading: decoding, pre- and post-processing, inference, callbacks. */
  loopMs: number;
  imagesPerSecond: number;
}

export interface EvaluationTiming extends LoopTiming {
  /** Creating the session (in its thread). */
  loadMs: number;
}

export interface EvaluateOptions {
  modelBytes: Uint8Array;
  contract: ModelContract;
  /** Segmentation items for a segmentation contract, classification items otherwise. */
  items: Iterable<SegmentationItem | ClassificationItem> | AsyncIterable<SegmentationItem | ClassificationItem>;
  /** onnxruntime intra-op threads (the sandbox's CPU share). */
  intraOpThreads?: number;
  /** Called once per image, in input order, as soon as its prediction is ready. */
  onImage: (prediction: ModelPrediction) => void | Promise<void>;
}

/** The session options evaluation uses (the one definition: whatever runs a model like the platform takes these). */
export function evaluationSessionOptions(intraOpThreads: number): ThreadSessionOptions {
  return {
    intraOpNumThreads: intraOpThreads,
    interOpNumThreads: 1,
    executionMode: "sequential",
    graphOptimizationLevel: "all",
    logSeverityLevel: 3,
  };
}

/** The model's batch dimension when it is a fixed number (partial batches must then be padded). */
function fixedBatchSize(inputs: ReadonlyArray<{ name: string; shape: ReadonlyArray<number | string> }>, inputName: string): number | null {
  const n = inputs.find((m) => m.name === inputName)?.shape[0];
  return typeof n === "number" && n > 0 ? n : null;
}

export interface BatchRunner {
  fixedBatch: number | null;
  /** Runs the first `length` values of `input` as a batch of `dims`; see SessionThread.run. */
  run(input: ArrayBuffer, length: number, dims: readonly number[], spare?: ArrayBuffer): Promise<RunOutput>;
  close(): Promise<void>;
}

/** A session in another thread (the evaluation loop's default: inference overlaps our work). */
export async function threadRunner(modelBytes: Uint8Array, contract: ModelContract, intraOpThreads: number): Promise<BatchRunner> {
  const { thread, inputs } = await SessionThread.load(modelBytes, evaluationSessionOptions(intraOpThreads));
  return {
    fixedBatch: fixedBatchSize(inputs, contract.inputName),
    run: (input, length, dims, spare) => thread.run(contract.inputName, contract.outputName, input, length, dims, spare),
    close: () => thread.close(),
  };
}

/**
 * Batches queued in the session thread at once. Two would do if our work per batch were
 * steady; a third absorbs an image that takes longer to prepare (a big one, a slow PNG).
 */
const MAX_IN_FLIGHT = 3;

/**
 * Enough for every batch in flight (input and output) and the images waiting for their
 * last tile, up to 128 MiB: a 1040 × 1388 image with a two-channel output stitches into
 * 11.5 MB, so the run's largest images stay recycled without holding much.
 */
const POOL_LIMITS = { perSize: 2 * MAX_IN_FLIGHT + 2, totalBytes: 128 * 2 ** 20 };

interface PendingImage {
  imageId: string;
  height: number;
  width: number;
  tilesLeft: number;
  /** Segmentation: stitched output, channels × height × width (created on first output). */
  stitched: Float32Array | Float64Array | null;
  /** Classification: the scores. */
  scores: Float32Array | null;
}

interface BatchEntry {
  image: PendingImage;
  tile: Tile | null;
  tileIndex: number;
}

/** A batch being filled: its tensor is written in place, one slot per window. */
interface OpenBatch {
  /** Dims of one window: [C, H, W]. */
  itemDims: number[];
  perItem: number;
  data: Float32Array;
  entries: BatchEntry[];
}

const isAsyncIterable = <T>(value: Iterable<T> | AsyncIterable<T>): value is AsyncIterable<T> => Symbol.asyncIterator in value;

async function* iterate<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterable<T> {
  if (isAsyncIterable(items)) yield* items;
  else yield* items;
}

const toNumbers = (data: ort.Tensor["data"]): ArrayLike<number> => {
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, Number);
  if (Array.isArray(data)) throw new TypeError("the model output is not numeric");
  return data as ArrayLike<number>;
};

/**
 * Runs a model over items, loading it once. Predictions stream out through onImage, in
 * input order; the returned timing excludes session creation from images/s. A model
 * output of the wrong shape throws "the model returned shape …"; onnxruntime's own errors
 * pass through unchanged (show them via participantSafeError).
 */
export async function evaluateModel(options: EvaluateOptions): Promise<EvaluationTiming> {
  const loadStart = performance.now();
  const runner = await threadRunner(options.modelBytes, options.contract, options.intraOpThreads ?? 1);
  const loadMs = performance.now() - loadStart;
  try {
    const timing = await evaluationLoop({ runner, contract: options.contract, items: decodeItems(options.items, options.contract), onImage: options.onImage });
    return { ...timing, loadMs };
  } finally {
    await runner.close();
  }
}

export interface EvaluationLoopOptions {
  /** The loaded model; the loop runs batches on it and leaves closing it to the caller. */
  runner: BatchRunner;
  contract: ModelContract;
  items: Iterable<DecodedItem> | AsyncIterable<DecodedItem>;
  onImage: EvaluateOptions["onImage"];
}

/**
 * The loop of evaluateModel on decoded items and a loaded model: normalise → pad/tile →
 * batch → run → stitch → post-process. Timing starts with the first item.
 */
export async function evaluationLoop(options: EvaluationLoopOptions): Promise<LoopTiming> {
  const { contract, runner } = options;
  const fixedBatch = runner.fixedBatch;
  const capacity = fixedBatch ?? contract.batchSize;
  // Label maps are stitched as float64: tile tags (below) exceed float32's integers.
  const stitchAs64 = contract.task === "segmentation" && contract.output.kind === "labels";
  const outChannels = contract.task === "segmentation" && contract.output.kind === "foregroundBoundary" ? 2 : 1;
  const pool = new BufferPool(POOL_LIMITS);
  let planes: Float32Array = new Float32Array(0);

  const loopStart = performance.now();
  let inferenceMs = 0;
  let images = 0;
  const pending: PendingImage[] = [];
  let open: OpenBatch | null = null;
  // Batches handed to the session thread and not yet collected, oldest first. Up to
  // MAX_IN_FLIGHT wait there, so the thread starts the next batch the moment it finishes one
  // while this thread prepares and post-processes the neighbours; collected in input order.
  const inFlight: Array<{ output: Promise<RunOutput>; batch: OpenBatch }> = [];

  const collectOldest = async (): Promise<void> => {
    const oldest = inFlight.shift();
    if (!oldest) return;
    const output = await oldest.output;
    inferenceMs += output.ms;
    pool.give(output.input);
    collect(output, oldest.batch.entries, oldest.batch.itemDims);
    if (output.data instanceof Float32Array && output.data.byteOffset === 0) pool.give(output.data.buffer as ArrayBuffer);
    await flushFinished();
  };

  const runBatch = async (): Promise<void> => {
    const current = open;
    open = null;
    if (!current || current.entries.length === 0) return;
    const n = fixedBatch ?? current.entries.length;
    // A fixed batch size gets zeros after the last image, not a previous batch's leftovers.
    if (fixedBatch !== null) current.data.fill(0, current.entries.length * current.perItem);
    const [, h = 1, w = 1] = current.itemDims;
    const expectedOutput = contract.task === "segmentation" ? n * outChannels * h * w : n * contract.classCount;
    const output = runner.run(current.data.buffer as ArrayBuffer, n * current.perItem, [n, ...current.itemDims], pool.take(4 * expectedOutput));
    // Awaited in turn by collectOldest; until then a failure must not count as unhandled.
    output.catch(() => undefined);
    inFlight.push({ output, batch: current });
    while (inFlight.length > MAX_IN_FLIGHT) await collectOldest();
  };

  /** The batch slot for the next window of these dims ([C, H, W]): runs the open batch if they differ. */
  const slot = async (itemDims: number[]): Promise<{ batch: OpenBatch; offset: number }> => {
    if (open && open.itemDims.some((d, i) => d !== itemDims[i])) await runBatch();
    if (!open) {
      const perItem = itemDims.reduce((x, y) => x * y, 1);
      open = { itemDims, perItem, data: new Float32Array(pool.take(4 * capacity * perItem)), entries: [] };
    }
    return { batch: open, offset: open.entries.length * open.perItem };
  };

  const added = async (batch: OpenBatch, entry: BatchEntry): Promise<void> => {
    batch.entries.push(entry);
    if (batch.entries.length >= capacity) await runBatch();
  };

  const collect = (output: RunOutput, batch: readonly BatchEntry[], itemDims: readonly number[]): void => {
    const values = toNumbers(output.data);
    const outDims = output.dims;
    if (contract.task === "classification") {
      if (outDims.length !== 2 || outDims[1] !== contract.classCount || (outDims[0] ?? 0) < batch.length) {
        throw new Error(`the model returned shape [${outDims.join(", ")}], expected [${batch.length}, ${contract.classCount}]`);
      }
      batch.forEach((entry, i) => {
        entry.image.scores = Float32Array.from({ length: contract.classCount }, (_, c) => values[i * contract.classCount + c] ?? 0);
        entry.image.tilesLeft = 0;
      });
      return;
    }
    const [, h = 1, w = 1] = itemDims;
    const channels = outDims.length === 3 ? 1 : (outDims[1] ?? 0);
    const spatialOk = outDims[outDims.length - 2] === h && outDims[outDims.length - 1] === w;
    if ((outDims[0] ?? 0) < batch.length || channels !== outChannels || !spatialOk) {
      throw new Error(`the model returned shape [${outDims.join(", ")}] for an input of [${batch.length}, ${itemDims.join(", ")}]`);
    }
    const perItem = outChannels * h * w;
    for (const [i, entry] of batch.entries()) stitch(entry, values, i * perItem, h, w);
  };

  const stitch = (entry: BatchEntry, values: ArrayLike<number>, offset: number, h: number, w: number): void => {
    const { image, tile } = entry;
    if (!tile) return;
    const area = image.height * image.width;
    // Every pixel is kept from exactly one tile, so a recycled buffer needs no clearing.
    image.stitched ??= stitchAs64 ? new Float64Array(pool.take(8 * outChannels * area)) : new Float32Array(pool.take(4 * outChannels * area));
    const stitched = image.stitched;
    // Label ids are only unique within a tile: tag them with the tile so that relabelling
    // keeps objects from different tiles apart.
    const labelTag = stitchAs64 ? entry.tileIndex * 2 ** 32 : 0;
    for (let c = 0; c < outChannels; c++) {
      for (let y = tile.y.keepFrom; y < tile.y.keepTo; y++) {
        const source = offset + c * h * w + (y - tile.y.start) * w - tile.x.start;
        const target = c * area + y * image.width;
        if (labelTag === 0 && ArrayBuffer.isView(values)) {
          stitched.set((values as Float32Array).subarray(source + tile.x.keepFrom, source + tile.x.keepTo), target + tile.x.keepFrom);
          continue;
        }
        for (let x = tile.x.keepFrom; x < tile.x.keepTo; x++) {
          const v = values[source + x] ?? 0;
          stitched[target + x] = labelTag !== 0 && v !== 0 ? labelTag + v : v;
        }
      }
    }
    image.tilesLeft -= 1;
  };

  const flushFinished = async (): Promise<void> => {
    while (pending.length > 0 && (pending[0]?.tilesLeft ?? 1) === 0) {
      const image = pending.shift() as PendingImage;
      images += 1;
      if (contract.task === "segmentation") {
        const stitched = image.stitched ?? new Float32Array(image.height * image.width);
        const labels = postprocessSegmentation(stitched, contract, image.height, image.width);
        pool.give(stitched.buffer as ArrayBuffer);
        await options.onImage({ task: "segmentation", imageId: image.imageId, width: image.width, height: image.height, labels });
      } else {
        const scores = image.scores ?? new Float32Array(contract.classCount);
        await options.onImage({ task: "classification", imageId: image.imageId, labels: postprocessClassification(scores, contract), scores });
      }
    }
  };

  for await (const item of iterate(options.items)) {
    if (contract.task === "segmentation") {
      if (!("pixels" in item)) throw new TypeError(`item ${item.imageId} has no pixels for a segmentation model`);
      const image = normalizeSegmentationImage(item.pixels, contract, planes);
      if (image.planes.buffer !== planes.buffer) planes = image.planes;
      const plan = planTiles(image.height, image.width, contract.size);
      const pendingImage: PendingImage = { imageId: item.imageId, height: image.height, width: image.width, tilesLeft: plan.tiles.length, stitched: null, scores: null };
      pending.push(pendingImage);
      const itemDims = [image.channels, plan.windowHeight, plan.windowWidth];
      for (const [tileIndex, tile] of plan.tiles.entries()) {
        const { batch, offset } = await slot(itemDims);
        extractWindow(image.planes, image.channels, image.height, image.width, tile, plan.windowHeight, plan.windowWidth, batch.data, offset);
        await added(batch, { image: pendingImage, tile, tileIndex });
      }
    } else {
      if (!("channels" in item)) throw new TypeError(`item ${item.imageId} has no channels for a classification model`);
      const s = contract.inputSize;
      const pendingImage: PendingImage = { imageId: item.imageId, height: s, width: s, tilesLeft: 1, stitched: null, scores: null };
      pending.push(pendingImage);
      const { batch, offset } = await slot([4, s, s]);
      writeClassificationInput(item.channels, contract, batch.data, offset);
      await added(batch, { image: pendingImage, tile: null, tileIndex: 0 });
    }
  }
  await runBatch();
  while (inFlight.length > 0) await collectOldest();

  const loopMs = performance.now() - loopStart;
  return { images, inferenceMs, loopMs, imagesPerSecond: loopMs > 0 ? (images * 1000) / loopMs : 0 };
}
