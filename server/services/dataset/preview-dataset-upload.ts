// The Host page's "Preview": the archive is read in this web process, counted and dropped;
// nothing is stored (no upload blob, no import row). One preview at a time per process (the
// archive is held in memory and every image decoded); large archives are better previewed
// with the CLI.
import { createLimiter } from "../../../datasets/importers/concurrency";
import { zipSource } from "../../../datasets/importers/file-source";
import type { ImportProblem } from "../../../datasets/importers/types";
import type { DatasetImportPreview } from "../../contracts/dataset";
import { env } from "../../env";
import { AppError } from "../../errors";
import { printable } from "../../printable";
import { previewDatasetImport } from "./preview-dataset-import";
import { readDatasetUpload } from "./read-dataset-upload";

const oneAtATime = createLimiter(1);

/** Problems quote names from the archive (which may hold NUL or escape sequences): escaped and capped. */
const shown = (problems: ImportProblem[]): ImportProblem[] =>
  problems.slice(0, 1000).map((p) => ({
    ...p,
    message: printable(p.message, 1_000),
    ...(p.file !== undefined ? { file: printable(p.file, 300) } : {}),
    ...(p.imageId !== undefined ? { imageId: printable(p.imageId, 200) } : {}),
  }));

export async function previewDatasetUpload(input: { stream: ReadableStream<Uint8Array> }): Promise<DatasetImportPreview> {
  const { filename, options, body } = await readDatasetUpload(input.stream);
  // The archive is read inside the turn too, so one process holds one archive at a time.
  const preview = await oneAtATime(async () => previewDatasetImport(zipSource(await readArchive(body), filename), options));
  return preview.ok ? { ...preview, warnings: shown(preview.warnings) } : { ok: false, problems: shown(preview.problems), warnings: shown(preview.warnings) };
}

async function readArchive(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > env.MAX_UPLOAD_BYTES) {
      throw new AppError("PAYLOAD_TOO_LARGE", { message: `The archive is larger than the limit of ${Math.round(env.MAX_UPLOAD_BYTES / 1024 / 1024)} MiB; preview it with \`npm run dataset -- import … --dry-run\` on the server instead.` });
    }
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
