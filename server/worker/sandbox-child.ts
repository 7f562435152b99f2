// Runs inside the sandbox process: reads exactly the two files it is given, scores, prints
// one reply line. Anything unexpected is left to crash: the parent turns a crash into a
// clean `failed`, and a stack trace here never reaches the submitter.
import fs from "node:fs";
import { startRun } from "../../scorers/run";
import { REPLY_MARKER, ZSandboxRequestSchema, type SandboxReply } from "./sandbox-protocol";

function reply(message: SandboxReply): void {
  process.stdout.write(`\n${REPLY_MARKER}${JSON.stringify(message)}\n`);
}

async function main(): Promise<void> {
  const request = ZSandboxRequestSchema.parse(JSON.parse(fs.readFileSync(process.argv[2] ?? "", "utf8")));
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
