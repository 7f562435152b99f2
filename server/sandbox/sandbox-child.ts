// Runs inside the sandbox process: reads the request on stdin and exactly the files it
// names, scores, writes one reply frame on fd 3. Anything unexpected is left to crash: the
// parent turns a crash into a clean `failed`, and a stack trace here never reaches the
// submitter. A host's custom scorer is loaded from its module (custom-scorer-module.ts);
// whatever it throws or returns wrongly comes back as a config-error naming the stage.
import fs from "node:fs";
import { startRun, startRunWith, type ScoringRun } from "../../scorers/run";
import type { Parsed } from "../../scorers/types";
import { CustomScorerError, customScorerOf, loadCustomModule } from "./custom-scorer-module";
import { readSandboxRequest, writeSandboxReply as reply, ZScorerChildRequestSchema, type SandboxRequest } from "./sandbox-protocol";

function start(request: SandboxRequest, truthText: string): Parsed<ScoringRun> {
  if (!request.customScorer) return startRun(request.scorerId, truthText, request.params);
  const { scorer } = customScorerOf(loadCustomModule(fs.readFileSync(request.customScorer.modulePath, "utf8")));
  return startRunWith(scorer, truthText, request.params);
}

async function score(request: SandboxRequest): Promise<void> {
  const truthText = fs.readFileSync(request.truthPath, "utf8");
  const started = start(request, truthText);
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

async function main(): Promise<void> {
  const request = await readSandboxRequest(ZScorerChildRequestSchema);
  try {
    if ("mode" in request) {
      reply({ kind: "described", declaration: loadCustomModule(fs.readFileSync(request.modulePath, "utf8")).declaration });
      return;
    }
    await score(request);
  } catch (error) {
    // The host's code failed (a built-in scorer never throws this): their problem, said plainly.
    if (error instanceof CustomScorerError) reply({ kind: "config-error", message: error.message });
    else throw error;
  }
}

await main();
