// The evaluation loop for an uploaded model, meant to run inside the sandboxed child:
// decode → normalise → (tile/pad) → batch → run → stitch → post-process, one image at a
// time, with the model loaded once. Everything except evaluateModel is pure.
import * as ort from "onnxruntime-node";
import { decodePngToGrey, decodePngToRgb, lumaOf } from "../../datasets/png";
import type { HpaChannel } from "../../datasets/types";
import { connectedComponents, growSeeds, relabelSequential } from "./connected-components";
import type { ClassificationContract, ModelContract, Normalization, SegmentationContract } from "./model-contract";
import { segmentationChannelCount } from "./model-contract";
import { resizePlane } from "./resize-plane";
import type { Tile } from "./tiling";
import { SessionThread, type RunOutput } from "./session-thread";
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
export function decodeForContract(png: Uint8Array, contract: SegmentationContract): DecodedPixels {
  if (segmentationChannelCount(contract) === 1) {
    const { grey, width, height } = decodePngToGrey(png);
    return { width, height, channels: 1, data: grey };
  }
  const { rgb, width, height } = decodePngToRgb(png);
  return { width, height, channels: 3, data: rgb };
}

/** The image (a PNG, or pixels decoded ahead) in the contract's channels (luma for grey, planes in channelOrder for RGB), normalised. */
export function normalizeSegmentationImage(source: Uint8Array | DecodedPixels, contract: SegmentationContract): NormalizedImage {
  const decoded = source instanceof Uint8Array ? decodeForContract(source, contract) : source;
  const channels = segmentationChannelCount(contract);
  const tables = normalizationTables(contract.normalization, channels);
  if (channels === 1) {
    const { width, height } = decoded;
    // Luma, as decodePngToGrey computes it, for pixels decoded as RGB.
    const grey = decoded.channels === 1 ? decoded.data : lumaOf(decoded.data, 3, width * height);
    const table = tables[0] ?? new Float32Array(256);
    const planes = new Float32Array(grey.length);
    for (let i = 0; i < grey.length; i++) planes[i] = table[grey[i] ?? 0] ?? 0;
    return { channels, height, width, planes };
  }
  const { width, height } = decoded;
  const rgb = decoded.channels === 3 ? decoded.data : Uint8Array.from({ length: width * height * 3 }, (_, i) => decoded.data[Math.floor(i / 3)] ?? 0);
  const area = width * height;
  const planes = new Float32Array(3 * area);
  contract.channelOrder.forEach((colour, c) => {
    const table = tables[c] ?? new Float32Array(256);
    const source = RGB_OFFSET[colour];
    for (let i = 0; i < area; i++) planes[c * area + i] = table[rgb[3 * i + source] ?? 0] ?? 0;
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
  return windowsOf(normalizeSegmentationImage(source, contract), contract);
}

function windowsOf(image: NormalizedImage, contract: SegmentationContract): SegmentationInput {
  const { channels, height, width, planes } = image;
  const plan = planTiles(height, width, contract.size);
  const windowSize = channels * plan.windowHeight * plan.windowWidth;
  const windows = plan.tiles.map((tile) => {
    const window = new Float32Array(windowSize);
    extractWindow(planes, channels, height, width, tile, plan.windowHeight, plan.windowWidth, window, 0);
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
  const tables = normalizationTables(contract.normalization, 4);
  const out = new Float32Array(4 * s * s);
  contract.channelOrder.forEach((channel, c) => {
    const source = channels[channel];
    const { grey, width, height } = source instanceof Uint8Array ? decodePngToGrey(source) : { grey: source.data, width: source.width, height: source.height };
    const table = tables[c] ?? new Float32Array(256);
    const offset = c * s * s;
    if (width === s && height === s) {
      for (let i = 0; i < grey.length; i++) out[offset + i] = table[grey[i] ?? 0] ?? 0;
      return;
    }
    // Resize the 8-bit values, then normalise: the tables are affine, so the order does not matter.
    const resized = resizePlane(grey, width, height, s, s);
    const a = table[0] ?? 0;
    const b = (table[255] ?? 0) - a;
    for (let i = 0; i < resized.length; i++) out[offset + i] = a + (b * (resized[i] ?? 0)) / 255;
  });
  return out;
}

// ---------------------------------------------------------------------------------------
// Outputs

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

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
  const foreground = new Uint8Array(area);
  for (let p = 0; p < area; p++) foreground[p] = (output[p] ?? 0) > cut ? 1 : 0;
  if (spec.kind === "foreground") return connectedComponents(foreground, width, height, spec.minSize).labels;

  const seeds = new Uint8Array(area);
  for (let p = 0; p < area; p++) seeds[p] = foreground[p] === 1 && (output[area + p] ?? 0) <= cut ? 1 : 0;
  return growSeeds(connectedComponents(seeds, width, height, spec.minSize).labels, foreground, width);
}

/** Predicted class ids (ascending) from one image's 28 scores. */
export function postprocessClassification(scores: ArrayLike<number>, contract: ClassificationContract): number[] {
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

// ---------------------------------------------------------------------------------------
// The loop

export interface SegmentationItem {
  imageId: string;
  /** The PNG, or its pixels decoded ahead (benchmarks: the loop is measured without decoding). */
  png: Uint8Array | DecodedPixels;
}

export interface ClassificationItem {
  imageId: string;
  /** One greyscale PNG (or decoded grey pixels) per channel. */
  channels: Readonly<Record<HpaChannel, Uint8Array | DecodedPixels>>;
}

export type ModelPrediction =
  | { task: "segmentation"; imageId: string; width: number; height: number; labels: Uint16Array }
  | { task: "classification"; imageId: string; labels: number[]; scores: Float32Array };

export interface EvaluationTiming {
  images: number;
  /** Creating the session (0 when a session was passed in). */
  loadMs: number;
  /** Time inside session.run only. */
  inferenceMs: number;
  /** The whole loop after loading: decoding, pre- and post-processing, inference, callbacks. */
  loopMs: number;
  imagesPerSecond: number;
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
  /** An already created session on this thread (the bare comparison); otherwise one is created from modelBytes. */
  session?: ort.InferenceSession;
  /** An already loaded session thread (benchmarks: warm, reused across runs, closed by the caller). */
  runner?: BatchRunner;
}

/** The session options evaluation uses; exported so benchmarks compare like with like. */
export function evaluationSessionOptions(intraOpThreads: number): ort.InferenceSession.SessionOptions {
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
  run(data: Float32Array, dims: readonly number[]): Promise<RunOutput>;
  close(): Promise<void>;
}

/** A session in another thread (the evaluation loop's default: inference overlaps our work). */
export async function threadRunner(modelBytes: Uint8Array, contract: ModelContract, intraOpThreads: number): Promise<BatchRunner> {
  const { thread, inputs } = await SessionThread.load(modelBytes, evaluationSessionOptions(intraOpThreads));
  return {
    fixedBatch: fixedBatchSize(inputs, contract.inputName),
    run: (data, dims) => thread.run(contract.inputName, contract.outputName, data, dims),
    close: () => thread.close(),
  };
}

/** A caller's session on this thread (benchmarks compare against exactly this). */
function inThreadRunner(session: ort.InferenceSession, contract: ModelContract): BatchRunner {
  const inputs = session.inputMetadata.map((m) => ({ name: m.name, shape: m.isTensor ? m.shape : [] }));
  return {
    fixedBatch: fixedBatchSize(inputs, contract.inputName),
    async run(data, dims) {
      const started = performance.now();
      const result = await session.run({ [contract.inputName]: new ort.Tensor("float32", data, dims) }, [contract.outputName]);
      const output = result[contract.outputName];
      if (!output) throw new Error(`the model returned no output "${contract.outputName}"`);
      const out = { data: output.data, dims: [...output.dims], ms: performance.now() - started };
      return out;
    },
    close: async () => undefined,
  };
}

interface PendingImage {
  imageId: string;
  height: number;
  width: number;
  tilesLeft: number;
  /** Segmentation: stitched output, channels × height × width (created on first output). */
  stitched: Float64Array | null;
  /** Classification: the scores. */
  scores: Float32Array | null;
}

interface BatchEntry {
  image: PendingImage;
  tile: Tile | null;
  tileIndex: number;
  window: Float32Array;
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
  const { contract } = options;
  const loadStart = performance.now();
  const runner =
    options.runner ?? (options.session ? inThreadRunner(options.session, contract) : await threadRunner(options.modelBytes, contract, options.intraOpThreads ?? 1));
  const loadMs = options.session || options.runner ? 0 : performance.now() - loadStart;
  const fixedBatch = runner.fixedBatch;

  const loopStart = performance.now();
  let inferenceMs = 0;
  let images = 0;
  const pending: PendingImage[] = [];
  let batch: BatchEntry[] = [];
  let batchDims: number[] = [];
  // One batch may be in inference while the next is prepared; results are collected in order.
  let inFlight: Promise<void> | null = null;

  const runBatch = async (): Promise<void> => {
    if (batch.length === 0) return;
    const current = batch;
    const currentDims = batchDims;
    batch = [];
    const [, channels = 1, h = 1, w = 1] = currentDims;
    const perItem = currentDims.slice(1).reduce((a, b) => a * b, 1);
    const n = fixedBatch ?? current.length;
    const data = new Float32Array(n * perItem);
    current.forEach((entry, i) => data.set(entry.window, i * perItem));
    const dims = contract.task === "segmentation" ? [n, channels, h, w] : [n, 4, contract.inputSize, contract.inputSize];
    const launched = runner.run(data, dims);
    // Awaited below, possibly after an earlier batch: mark it handled so a failure waits there.
    launched.catch(() => undefined);
    const previous = inFlight;
    const settled = (async () => {
      if (previous) await previous;
      const output = await launched;
      inferenceMs += output.ms;
      collect(output, current, currentDims);
      await flushFinished();
    })();
    // Avoid an unhandled rejection while it waits its turn; the error surfaces when awaited.
    settled.catch(() => undefined);
    inFlight = settled;
    if (previous) await previous;
  };

  const collect = (output: RunOutput, batch: readonly BatchEntry[], batchDims: readonly number[]): void => {
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
    const [, , h = 1, w = 1] = batchDims;
    const outChannels = outDims.length === 3 ? 1 : (outDims[1] ?? 0);
    const expectedChannels = contract.output.kind === "foregroundBoundary" ? 2 : 1;
    const spatialOk = outDims[outDims.length - 2] === h && outDims[outDims.length - 1] === w;
    if ((outDims[0] ?? 0) < batch.length || outChannels !== expectedChannels || !spatialOk) {
      throw new Error(`the model returned shape [${outDims.join(", ")}] for an input of [${batch.length}, ${batchDims.slice(1).join(", ")}]`);
    }
    const perItem = outChannels * h * w;
    for (const [i, entry] of batch.entries()) stitch(entry, values, i * perItem, outChannels, h, w);
  };

  const stitch = (entry: BatchEntry, values: ArrayLike<number>, offset: number, outChannels: number, h: number, w: number): void => {
    const { image, tile } = entry;
    if (!tile) return;
    const area = image.height * image.width;
    image.stitched ??= new Float64Array(outChannels * area);
    // Label ids are only unique within a tile: tag them with the tile so that relabelling
    // keeps objects from different tiles apart.
    const labelTag = contract.task === "segmentation" && contract.output.kind === "labels" ? entry.tileIndex * 2 ** 32 : 0;
    for (let c = 0; c < outChannels; c++) {
      for (let y = tile.y.keepFrom; y < tile.y.keepTo; y++) {
        const source = offset + c * h * w + (y - tile.y.start) * w - tile.x.start;
        const target = c * area + y * image.width;
        for (let x = tile.x.keepFrom; x < tile.x.keepTo; x++) {
          const v = values[source + x] ?? 0;
          image.stitched[target + x] = labelTag !== 0 && v !== 0 ? labelTag + v : v;
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
        const labels = postprocessSegmentation(image.stitched ?? new Float64Array(image.height * image.width), contract, image.height, image.width);
        await options.onImage({ task: "segmentation", imageId: image.imageId, width: image.width, height: image.height, labels });
      } else {
        const scores = image.scores ?? new Float32Array(contract.classCount);
        await options.onImage({ task: "classification", imageId: image.imageId, labels: postprocessClassification(scores, contract), scores });
      }
    }
  };

  const enqueue = async (entry: BatchEntry, dims: number[]): Promise<void> => {
    const sameDims = batchDims.length === dims.length && batchDims.every((d, i) => d === dims[i]);
    if (batch.length > 0 && !sameDims) await runBatch();
    batchDims = dims;
    batch.push(entry);
    if (batch.length >= (fixedBatch ?? contract.batchSize)) await runBatch();
  };

  try {
    for await (const item of iterate(options.items)) {
      if (contract.task === "segmentation") {
        if (!("png" in item)) throw new TypeError(`item ${item.imageId} has no png for a segmentation model`);
        const input = prepareSegmentationInput(item.png, contract);
        const image: PendingImage = { imageId: item.imageId, height: input.height, width: input.width, tilesLeft: input.tiles.length, stitched: null, scores: null };
        pending.push(image);
        for (const [tileIndex, tile] of input.tiles.entries()) {
          await enqueue({ image, tile, tileIndex, window: input.windows[tileIndex] ?? new Float32Array() }, input.dims);
        }
      } else {
        if (!("channels" in item)) throw new TypeError(`item ${item.imageId} has no channels for a classification model`);
        const window = prepareClassificationInput(item.channels, contract);
        const s = contract.inputSize;
        const image: PendingImage = { imageId: item.imageId, height: s, width: s, tilesLeft: 1, stitched: null, scores: null };
        pending.push(image);
        await enqueue({ image, tile: null, tileIndex: 0, window }, [1, 4, s, s]);
      }
    }
    await runBatch();
    if (inFlight) await inFlight;
  } finally {
    // A runner passed in belongs to the caller (benchmarks reuse one warm session).
    if (!options.runner) await runner.close();
  }

  const loopMs = performance.now() - loopStart;
  return { images, loadMs, inferenceMs, loopMs, imagesPerSecond: loopMs > 0 ? (images * 1000) / loopMs : 0 };
}
