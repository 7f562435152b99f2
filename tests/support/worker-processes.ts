// Scoring workers as separate processes (`server/cli/worker.ts` from the sources), for the
// tests that kill, stop or isolate them. Their output is kept for failure messages: a worker
// that cannot start would otherwise look like a hang.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { nodeTsArgs } from "../../server/cli/node-ts";

const root = path.resolve(import.meta.dirname, "../..");

export interface WorkerProcesses {
  /** A worker with this process's environment plus `extraEnv`, or exactly `options.env`, in `options.cwd`. */
  start(extraEnv?: Record<string, string>, options?: { cwd?: string; env?: NodeJS.ProcessEnv }): ChildProcess;
  /** Polls `probe` until it returns a value; the error quotes the workers' output. */
  waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs?: number): Promise<T>;
  output(): string;
  killAll(): void;
}

export function workerProcesses(defaultTimeoutMs = 100_000): WorkerProcesses {
  let children: ChildProcess[] = [];
  let output = "";
  return {
    start(extraEnv = {}, options = {}) {
      const child = spawn(process.execPath, nodeTsArgs(path.join(root, "server/cli/worker.ts")), {
        cwd: options.cwd ?? root,
        env: options.env ?? { ...process.env, ...extraEnv },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
      child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
      children.push(child);
      return child;
    },
    async waitFor(what, probe, timeoutMs = defaultTimeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const value = await probe();
        if (value !== undefined) return value;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`timed out waiting for ${what}; worker output:\n${output.slice(-4000)}`);
    },
    output: () => output,
    killAll() {
      for (const child of children) child.kill("SIGKILL");
      children = [];
    },
  };
}
