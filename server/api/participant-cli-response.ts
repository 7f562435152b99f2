// The participants' CLI as the site serves it: /api/cli/scopebench.cjs (one file, run with
// node) and /api/cli/scopebench-cli.tgz (`npm install -g <url>`), both made by `npm run build`.
import fs from "node:fs";
import { buildPaths, PARTICIPANT_CLI_FILES } from "../runtime/build-output";

export function participantCliResponse(file: string): Response {
  const paths = buildPaths();
  const served = file === PARTICIPANT_CLI_FILES.script ? paths.participantCli : file === PARTICIPANT_CLI_FILES.tarball ? paths.participantCliTarball : null;
  if (!served) return Response.json({ error: `No file "${file.slice(0, 100)}": the CLI is ${Object.values(PARTICIPANT_CLI_FILES).join(" or ")}.`, code: "NOT_FOUND" }, { status: 404 });
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(served);
  } catch {
    // A development site (npm run dev) has not built it.
    return Response.json({ error: "The command-line client has not been built on this site (npm run build makes it).", code: "NOT_FOUND" }, { status: 404 });
  }
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": file.endsWith(".tgz") ? "application/gzip" : "application/javascript; charset=utf-8",
      "content-length": String(bytes.byteLength),
      "content-disposition": `attachment; filename="${file}"`,
      "cache-control": "no-cache",
    },
  });
}
