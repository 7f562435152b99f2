// The head of a dataset upload from the Host page (import or preview): the frame's header,
// validated, and the archive's bytes still to be read.
import type { DatasetUploadHeader } from "../../contracts/dataset";
import { ZDatasetUploadHeaderSchema } from "../../contracts/dataset";
import { readUploadFrame, UploadFrameError } from "../../contracts/upload-frame";
import { AppError } from "../../errors";

export async function readDatasetUpload(stream: ReadableStream<Uint8Array>): Promise<DatasetUploadHeader & { body: AsyncIterable<Uint8Array> }> {
  let frame: Awaited<ReturnType<typeof readUploadFrame>>;
  try {
    frame = await readUploadFrame(stream);
  } catch (error) {
    if (error instanceof UploadFrameError) throw new AppError("INVALID_INPUT", { message: error.message });
    throw error;
  }
  const header = ZDatasetUploadHeaderSchema.safeParse(frame.header);
  if (!header.success) {
    // Options' fields by their own names (slug, split.by); the archive's name as "filename".
    const where = (path: readonly PropertyKey[]) => (path[0] === "options" ? path.slice(1).map(String).join(".") || "options" : path.map(String).join(".") || "header");
    throw new AppError("INVALID_INPUT", { message: `Import options: ${header.error.issues.map((i) => `${where(i.path)}: ${i.message}`).join("; ")}` });
  }
  const { filename, options } = header.data;
  if (!filename.toLowerCase().endsWith(".zip")) throw new AppError("INVALID_INPUT", { message: `${filename} is not a .zip archive; upload the dataset folder as a zip.` });
  return { filename, options, body: frame.body };
}
