// How much the platform's evaluation loop (decode, normalise, tile, batch, post-process)
// costs on top of inference: images/s of evaluateModel against a bare session.run loop
// over the same, already built input tensors, with the same session and batches.
import * as ort from "onnxruntime-node";
import { decodePngToGrey } from "../../datasets/png";
import type { ModelContract } from "./model-contract";
import type { ClassificationItem, SegmentationItem } from "./run-model";
import { evaluateModel, evaluationSessionOptions, prepareClassificationInput, prepareSegmentationInput } from "./run-model";

export interface BenchModelLoopOptions {
  modelBytes: Uint8Array;
  contract: ModelContract;
  items: ReadonlyArray<SegmentationItem | ClassificationItem>;
  /** Timed passes over the items (after one untimed warm-up pass each). */
  runs?: number;
  intraOpThreads?: number;
}

export interface BenchModelLoopResult {
  images: number;
  runs: number;
  platformImagesPerSecond: number;
  bareImagesPerSecond: number;
  /** platform / bare: 1 means the loop adds nothing; the target is ≥ 0.9. */
  ratio: number;
  /** The same, with the time the loop spends decoding PNGs taken out (the target excludes decoding). */
  platformImagesPerSecondExcludingDecode: number;
  ratioExcludingDecode: number;
  /** Share of the platform loop spent inside session.run. */
  platformInferenceShare: number;
}

/** The batches evaluateModel would run, as ready tensors: consecutive windows of equal dims. */
function bareBatches(contract: ModelContract, items: BenchModelLoopOptions["items"]): ort.Tensor[] {
  const windows: Array<{ data: Float32Array; dims: number[] }> = [];
  for (const item of items) {
    if (contract.task === "segmentation" && "png" in item) {
      const input = prepareSegmentationInput(item.png, contract);
      for (const data of input.windows) windows.push({ data, dims: input.dims });
    } else if (contract.task === "classification" && "channels" in item) {
      const s = contract.inputSize;
      windows.push({ data: prepareClassificationInput(item.channels, contract), dims: [1, 4, s, s] });
    }
  }
  const tensors: ort.Tensor[] = [];
  let group: typeof windows = [];
  const flush = () => {
    const first = group[0];
    if (!first) return;
    const per = first.data.length;
    const data = new Float32Array(per * group.length);
    group.forEach((w, i) => data.set(w.data, i * per));
    tensors.push(new ort.Tensor("float32", data, [group.length, ...first.dims.slice(1)]));
    group = [];
  };
  for (const window of windows) {
    const head = group[0];
    if (head && head.dims.some((d, i) => d !== window.dims[i])) flush();
    group.push(window);
    if (group.length >= contract.batchSize) flush();
  }
  flush();
  return tensors;
}

export async function benchModelLoop(options: BenchModelLoopOptions): Promise<BenchModelLoopResult> {
  const { contract, items } = options;
  const runs = options.runs ?? 3;
  const session = await ort.InferenceSession.create(options.modelBytes, evaluationSessionOptions(options.intraOpThreads ?? 1));
  try {
    const batches = bareBatches(contract, items);
    const bareLoop = async () => {
      for (const tensor of batches) {
        const result = await session.run({ [contract.inputName]: tensor }, [contract.outputName]);
        result[contract.outputName]?.dispose();
      }
    };
    // The platform's loop as the sandbox runs it: its own session, in a worker thread (the
    // load is excluded: loopMs starts after it).
    const platformLoop = () => evaluateModel({ modelBytes: options.modelBytes, contract, items, intraOpThreads: options.intraOpThreads ?? 1, onImage: () => {} });

    // Decoding alone, as the loop does it: PNG to pixels, per image (and per channel).
    const decodeAll = () => {
      for (const item of items) {
        if ("png" in item) decodePngToGrey(item.png);
        else for (const png of Object.values(item.channels)) decodePngToGrey(png);
      }
    };
    decodeAll();

    // Warm-up: first runs allocate arenas and pick kernels.
    await bareLoop();
    await platformLoop();

    // Interleaved, so drift in machine load hits both loops alike.
    let bareMs = 0;
    let platformMs = 0;
    let inferenceMs = 0;
    let decodeMs = 0;
    for (let run = 0; run < runs; run++) {
      const decodeStart = performance.now();
      decodeAll();
      decodeMs += performance.now() - decodeStart;
      const start = performance.now();
      await bareLoop();
      bareMs += performance.now() - start;
      const timing = await platformLoop();
      platformMs += timing.loopMs;
      inferenceMs += timing.inferenceMs;
    }
    const images = items.length * runs;
    const platformImagesPerSecond = (images * 1000) / platformMs;
    const bareImagesPerSecond = (images * 1000) / bareMs;
    const platformImagesPerSecondExcludingDecode = (images * 1000) / Math.max(1e-9, platformMs - decodeMs);
    return {
      images: items.length,
      runs,
      platformImagesPerSecond,
      bareImagesPerSecond,
      ratio: platformImagesPerSecond / bareImagesPerSecond,
      platformImagesPerSecondExcludingDecode,
      ratioExcludingDecode: platformImagesPerSecondExcludingDecode / bareImagesPerSecond,
      platformInferenceShare: inferenceMs / platformMs,
    };
  } finally {
    await session.release();
  }
}

export function formatBenchResult(label: string, result: BenchModelLoopResult): string {
  return (
    `${label}: platform ${result.platformImagesPerSecond.toFixed(1)} images/s, bare onnxruntime ${result.bareImagesPerSecond.toFixed(1)} images/s, ` +
    `ratio ${result.ratio.toFixed(3)}, ${result.ratioExcludingDecode.toFixed(3)} excluding PNG decoding (inference ${(100 * result.platformInferenceShare).toFixed(0)}% of the loop; ${result.images} images × ${result.runs} runs)`
  );
}
