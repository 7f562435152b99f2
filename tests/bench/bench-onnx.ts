// How much the platform's evaluation loop (decode, normalise, tile, batch, post-process)
// costs on top of inference: images/s of evaluateModel against a bare session.run loop
// over the same batches, built ahead as tensors, with the same model and session options.
import * as ort from "onnxruntime-node";
import type { ModelContract } from "../../server/onnx/model-contract";
import type { ClassificationItem, DecodedItem, SegmentationItem } from "../../server/onnx/run-model";
import {
  decodeItem,
  decodeItems,
  evaluationLoop,
  evaluationSessionOptions,
  prepareClassificationInput,
  prepareSegmentationInput,
  threadRunner,
} from "../../server/onnx/run-model";

export interface BenchModelLoopOptions {
  modelBytes: Uint8Array;
  contract: ModelContract;
  items: ReadonlyArray<SegmentationItem | ClassificationItem>;
  /** Timed runs (after untimed warm-up passes). */
  runs?: number;
  /**
   * Passes over the items within one run. A run of a few tens of milliseconds measures the
   * machine's hiccups (a collection, a context switch) and the pipeline filling and
   * draining more than the loop's steady pace, which is what an evaluation of hundreds of
   * images sees.
   */
  passes?: number;
  intraOpThreads?: number;
}

export interface BenchModelLoopResult {
  images: number;
  runs: number;
  passes: number;
  platformImagesPerSecond: number;
  bareImagesPerSecond: number;
  /** platform / bare: 1 means the loop adds nothing; the target is ≥ 0.9. */
  ratio: number;
  /** The same loop fed pixels decoded ahead (the target excludes image decoding). */
  platformImagesPerSecondExcludingDecode: number;
  /** Median over runs of bare time / platform time on pixels decoded ahead: the target is ≥ 0.9. */
  ratioExcludingDecode: number;
  /** Its interquartile range over runs: how much the shared machine moved the figure. */
  ratioExcludingDecodeRange: [number, number];
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

function* repeat<T>(items: readonly T[], passes: number): Iterable<T> {
  for (let pass = 0; pass < passes; pass++) yield* items;
}

/** Linear-interpolated quantile of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export async function benchModelLoop(options: BenchModelLoopOptions): Promise<BenchModelLoopResult> {
  const { contract, items } = options;
  const runs = options.runs ?? 3;
  const passes = options.passes ?? 1;
  const session = await ort.InferenceSession.create(options.modelBytes, evaluationSessionOptions(options.intraOpThreads ?? 1));
  try {
    const batches = bareBatches(contract, items);
    const bareLoop = async () => {
      for (let pass = 0; pass < passes; pass++) {
        for (const tensor of batches) {
          const result = await session.run({ [contract.inputName]: tensor }, [contract.outputName]);
          result[contract.outputName]?.dispose();
        }
      }
    };
    // The platform's loop as evaluateModel runs it (decode, then evaluationLoop on a session
    // in a worker thread), composed here from the same parts so that the load is excluded.
    // Once on the PNGs, once on pixels decoded ahead, which is the comparison
    // ("excluding image decoding").
    const decoded = items.map((item) => decodeItem(item, contract));
    // One session thread for all platform runs, warmed like the bare loop's session: a real
    // evaluation loads once for hundreds of images, so cold start is not the loop's cost.
    const runner = await threadRunner(options.modelBytes, contract, options.intraOpThreads ?? 1);
    const onImage = () => {};
    const platformLoop = (input: ReadonlyArray<SegmentationItem | ClassificationItem>) =>
      evaluationLoop({ runner, contract, items: decodeItems(repeat(input, passes), contract), onImage });
    const predecodedLoop = (input: readonly DecodedItem[]) => evaluationLoop({ runner, contract, items: repeat(input, passes), onImage });

    // Warm-up: the first runs allocate arenas and pick kernels, and V8 compiles the loop's
    // hot functions on background threads, which on a two-core machine compete with the
    // session thread: a single warm-up pass left the first timed runs ~10 % slower.
    for (let pass = 0; pass < 3; pass++) {
      await bareLoop();
      await platformLoop(items);
      await predecodedLoop(decoded);
    }

    // Bare and platform loops interleaved, so drift in machine load hits both alike; ratios
    // are taken per run (neighbouring loops share the machine's state) and summarised by
    // their median. The loops on PNGs run afterwards: their decoding leaves garbage whose
    // collection would otherwise land in the next loop's time.
    let bareMs = 0;
    let platformMs = 0;
    let predecodedMs = 0;
    let inferenceMs = 0;
    const ratios: number[] = [];
    const timeBare = async () => {
      const start = performance.now();
      await bareLoop();
      return performance.now() - start;
    };
    for (let run = 0; run < runs; run++) {
      // Alternating which goes first cancels whatever the first loop leaves the second.
      const bareFirst = run % 2 === 0;
      const bare = bareFirst ? await timeBare() : 0;
      const predecoded = (await predecodedLoop(decoded)).loopMs;
      const bareTime = bareFirst ? bare : await timeBare();
      bareMs += bareTime;
      predecodedMs += predecoded;
      ratios.push(bareTime / predecoded);
    }
    for (let run = 0; run < runs; run++) {
      const timing = await platformLoop(items);
      platformMs += timing.loopMs;
      inferenceMs += timing.inferenceMs;
    }
    ratios.sort((x, y) => x - y);
    const images = items.length * passes * runs;
    const platformImagesPerSecond = (images * 1000) / platformMs;
    const bareImagesPerSecond = (images * 1000) / bareMs;
    const platformImagesPerSecondExcludingDecode = (images * 1000) / predecodedMs;
    await runner.close();
    return {
      images: items.length,
      runs,
      passes,
      platformImagesPerSecond,
      bareImagesPerSecond,
      ratio: platformImagesPerSecond / bareImagesPerSecond,
      platformImagesPerSecondExcludingDecode,
      ratioExcludingDecode: quantile(ratios, 0.5),
      ratioExcludingDecodeRange: [quantile(ratios, 0.25), quantile(ratios, 0.75)],
      platformInferenceShare: inferenceMs / platformMs,
    };
  } finally {
    await session.release();
  }
}

export function formatBenchResult(label: string, result: BenchModelLoopResult): string {
  const quartiles = result.ratioExcludingDecodeRange.map((r) => r.toFixed(3)).join("–");
  return (
    `${label}: bare onnxruntime ${result.bareImagesPerSecond.toFixed(1)} images/s; ` +
    `platform on pixels decoded ahead ${result.platformImagesPerSecondExcludingDecode.toFixed(1)} images/s, ratio ${result.ratioExcludingDecode.toFixed(3)} ` +
    `(target ≥ 0.9; median of runs, quartiles ${quartiles}); ` +
    `platform on PNGs ${result.platformImagesPerSecond.toFixed(1)} images/s, ratio ${result.ratio.toFixed(3)} with decoding ` +
    `(inference ${(100 * result.platformInferenceShare).toFixed(0)}% of that loop; ${result.images} images × ${result.passes} passes × ${result.runs} runs)`
  );
}
