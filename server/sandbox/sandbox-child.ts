// Runs inside the sandbox process: reads the request on stdin and exactly the two files it
// names, scores, writes one reply frame on fd 3. Anything unexpected is left to crash: the
// parent turns a crash into a clean `failed`, and a stack trace here never reaches the
// submitter.
import fs from "node:fs";
import { startRun } from "../../scorers/run";
import { readSandboxRequest, writeSandboxReply as reply, ZSandboxRequestSchema } from "./sandbox-protocol";

async function main(): Promise<void> {
  const request = await readSandboxRequest(ZSandboxRequestSchema);
  const truthText = fs.readFileSync(request.truthPath, "utf8");
  const started = startRun(request.scorerId, truthText, request.params);
  if (!started.ok) {
    reply({ kind: "config-error", message: started.error.message });
    return;
  }
  const run = started.value;
  const stream = fs.createReadStream(request.submissionPath, { encoding: "utf8", highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const rejection = run.push(chunk as string);
    if (rejection) {
      stream.destroy();
      reply({ kind: "rejected", rejection });
      return;
    }
  }
  const result = run.end();
  if (result.ok) reply({ kind: "scored", report: { ...result.value } });
  else reply({ kind: "rejected", rejection: result.error });
}

await main();
