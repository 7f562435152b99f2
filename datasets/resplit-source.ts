// What a stored dataset keeps so that it can be split again without its archive: every
// item's truth (a test item's labels are otherwise only in the truth CSV, a train item's masks
// only in train.zip) and how its originals were named. Hidden like the truth itself.
import { strFromU8, strToU8, unzlibSync, zlibSync } from "fflate";
import { z } from "zod";

const ZResplitSourceSchema = z.object({
  version: z.literal(1),
  items: z.array(
    z.object({
      imageId: z.string(),
      /** Kaggle-style decoys stay decoys (never train) in every version. */
      ignored: z.boolean().default(false),
      /** Classification: class ids. */
      labels: z.array(z.number().int().min(0)).optional(),
      /** Segmentation: the label image (little-endian uint16, zlib, base64) and its object count. */
      labelImage: z.string().optional(),
      objectCount: z.number().int().min(0).optional(),
      maskNames: z.array(z.string()).optional(),
      /** An image deeper than 8 bits as uploaded: its blob and extension. */
      original: z.object({ key: z.string(), extension: z.string() }).optional(),
    }),
  ),
});
export type ResplitSource = z.infer<typeof ZResplitSourceSchema>;
export type ResplitSourceItem = ResplitSource["items"][number];

export function encodeLabelImage(labels: Uint16Array): string {
  const bytes = new Uint8Array(labels.length * 2);
  const view = new DataView(bytes.buffer);
  labels.forEach((value, i) => view.setUint16(i * 2, value, true));
  return Buffer.from(zlibSync(bytes, { level: 6 })).toString("base64");
}

/** Null when the text is not a label image of `pixels` pixels (a damaged or foreign blob). */
export function decodeLabelImage(text: string, pixels: number): Uint16Array | null {
  try {
    const bytes = unzlibSync(new Uint8Array(Buffer.from(text, "base64")));
    if (bytes.length !== pixels * 2) return null;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Uint16Array.from({ length: pixels }, (_, i) => view.getUint16(i * 2, true));
  } catch {
    return null;
  }
}

export const serializeResplitSource = (source: ResplitSource): Uint8Array => strToU8(JSON.stringify(source));

export function parseResplitSource(bytes: Uint8Array): ResplitSource | null {
  try {
    const parsed = ZResplitSourceSchema.safeParse(JSON.parse(strFromU8(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
