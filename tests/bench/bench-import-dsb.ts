// Timing for a DSB-sized import: `node --import tsx tests/bench/bench-import-dsb.ts [images]`.
// Generates a synthetic training zip (every image in train) and writes it and its extracted
// folder to a temp dir, then imports each in a fresh process, so the generator's own memory
// does not count against the importer. Prints wall time, masks per second and peak RSS.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unzipSync } from "fflate";
import { syntheticNuclei } from "../../datasets/synthetic-nuclei";
import { trainingZip } from "../../datasets/zip-export";
import { directorySource, zipSource } from "../../datasets/importers/file-source";
import { importDsb } from "../../datasets/importers/import-dsb";

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;

async function importOnly(kind: string, target: string): Promise<void> {
  const source = kind === "zip" ? zipSource(new Uint8Array(readFileSync(target)), "bench.zip") : directorySource(target);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const start = performance.now();
  const result = await importDsb(source);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(sampler);
  const masks = result.ok ? result.value.items.reduce((sum, item) => sum + item.objectCount, 0) : 0;
  const status = result.ok ? `${result.value.items.length} images, ${masks} masks` : `${result.problems.length} problems`;
  console.log(`${kind}: ${seconds.toFixed(2)} s (${Math.round(masks / seconds)} masks/s), ${status}, RSS ${mb(before)} before, peak ${mb(peak)}`);
}

if (process.argv[2] === "--import-only") {
  await importOnly(process.argv[3] ?? "", process.argv[4] ?? "");
} else {
  const count = Number(process.argv[2] ?? 300);
  const dataset = syntheticNuclei.generate({ seed: 1, count, splitFractions: { train: 1, public_test: 0, private_test: 0 } });
  const zip = trainingZip(dataset.items);
  const root = mkdtempSync(path.join(tmpdir(), "bench-dsb-"));
  try {
    const zipPath = path.join(root, "train.zip");
    writeFileSync(zipPath, zip);
    for (const [name, data] of Object.entries(unzipSync(zip))) {
      mkdirSync(path.dirname(path.join(root, "dir", name)), { recursive: true });
      writeFileSync(path.join(root, "dir", name), data);
    }
    console.log(`${count} images, zip ${mb(zip.length)}`);
    const self = fileURLToPath(import.meta.url);
    for (const [kind, target] of [["zip", zipPath], ["directory", path.join(root, "dir")]] as const) {
      execFileSync(process.execPath, ["--import", "tsx", self, "--import-only", kind, target], { stdio: "inherit" });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
