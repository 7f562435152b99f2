import { describe, expect, it } from "vitest";
import { encodeGreyPng } from "../../datasets/png";
import { benchModelLoop, formatBenchResult } from "./bench-onnx";
import { ZSegmentationContractSchema } from "../../server/onnx/model-contract";
import { buildIntensityModel } from "../support/test-models";

// The benchmark is not part of the suite (it prints figures, it asserts none); this only
// keeps `npm run bench` from breaking unnoticed.
// Runs onnxruntime sessions in worker threads: seconds on a busy 2-core machine.
describe("benchModelLoop", { timeout: 60_000 }, () => {
  it("should time both loops over the same images and print the ratio", async () => {
    const contract = ZSegmentationContractSchema.parse({ task: "segmentation", batchSize: 2 });
    const items = [0, 1, 2].map((i) => ({ imageId: `img${i}`, png: encodeGreyPng(new Uint8Array(40 * 30).fill(60 * i), 40, 30) }));
    const result = await benchModelLoop({ modelBytes: buildIntensityModel(), contract, items, runs: 2, passes: 2 });
    expect([result.images, result.runs, result.passes]).toEqual([3, 2, 2]);
    for (const figure of [result.bareImagesPerSecond, result.platformImagesPerSecond, result.platformImagesPerSecondExcludingDecode, result.ratioExcludingDecode]) {
      expect(Number.isFinite(figure) && figure > 0).toBe(true);
    }
    expect(result.ratioExcludingDecodeRange[0]).toBeLessThanOrEqual(result.ratioExcludingDecodeRange[1]);
    expect(formatBenchResult("tiny", result)).toMatch(/^tiny: bare onnxruntime [\d.]+ images\/s; .* ratio [\d.]+ \(target ≥ 0\.9; median of runs, quartiles [\d.]+–[\d.]+\); .*3 images × 2 passes × 2 runs\)$/);
  });
});
