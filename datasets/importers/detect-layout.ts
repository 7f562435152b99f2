// Which importer an upload needs, from its file names alone (nothing is decoded).
import type { FileSource } from "./file-source";
import { importDsb } from "./import-dsb";
import { importHpa } from "./import-hpa";
import { importInstanceLabels } from "./import-instance-labels";
import { basename, dirname, splitImageName } from "./problems";
import type { ImportedDataset, ImportOptions, ImportResult, Layout } from "./types";

const HPA_FILE = /_(red|green|blue|yellow)$/;

/**
 * "dsb" when some `<X>/images/<X>.<ext>` exists (or a root `images/` + `masks/` pair whose
 * names differ, a zipped single DSB folder); "hpa" for `<Id>_<channel>` files;
 * "instance-labels" for `<name>_masks` files or StarDist's parallel images/ and masks/.
 * Checked in that order; null when nothing matches.
 */
export function detectLayout(source: FileSource): Layout | null {
  const files = source.list();
  let hpa = false;
  let labels = false;
  const rootImages = new Set<string>();
  const rootMasks = new Set<string>();
  for (const file of files) {
    const split = splitImageName(basename(file));
    if (!split) continue;
    const [stem] = split;
    const folder = dirname(file);
    const segments = folder.split("/");
    if (segments.at(-1) === "images" && segments.at(-2) === stem) return "dsb";
    if (folder === "images") rootImages.add(stem);
    if (folder === "masks") rootMasks.add(stem);
    if (HPA_FILE.test(stem)) hpa = true;
    if (stem.endsWith("_masks") || segments.at(-1) === "masks") labels = true;
  }
  if (rootImages.size === 1 && rootMasks.size > 0 && ![...rootMasks].some((stem) => rootImages.has(stem))) return "dsb";
  if (hpa) return "hpa";
  if (labels) return "instance-labels";
  return null;
}

/** Imports with the given layout, or the detected one. */
export async function importAny(
  source: FileSource,
  options: ImportOptions & { layout?: Layout } = {},
): Promise<ImportResult<ImportedDataset>> {
  const layout = options.layout ?? detectLayout(source);
  // Checked before anything is decoded: the answer cannot change.
  if (options.labels !== undefined && layout !== null && layout !== "hpa") {
    return {
      ok: false,
      warnings: [],
      problems: [
        ...source.problems,
        { message: `${source.name}: ${options.labels}-label classification needs the HPA layout (<Id>_red.png … with an Id,Target CSV); this is the ${layout} layout (instance segmentation)` },
      ],
    };
  }
  switch (layout) {
    case "dsb":
      return importDsb(source, options);
    case "hpa":
      return importHpa(source, options);
    case "instance-labels":
      return importInstanceLabels(source, options);
    case null:
      return {
        ok: false,
        warnings: [],
        problems: [
          ...source.problems,
          {
            message:
              `${source.name}: no known layout found. Expected DSB folders (<ImageId>/images/<ImageId>.png with masks/), ` +
              `HPA channel files (<Id>_red.png, _green, _blue, _yellow with train.csv) or image/label pairs (<name>.tif with <name>_masks.tif).`,
          },
        ],
      };
  }
}
