// A Node process of the project (migrate, serve, a worker…) with JSON logs, its output kept
// for assertions and failure messages, and remembered so the test can kill what is left.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface LoggedProcess {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnLogged(args: string[], env: Record<string, string>, started: ChildProcess[]): LoggedProcess {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, LOG_FORMAT: "json", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  // "close", not "exit": the output that was still in the pipes when the process exited is read
  // by then (a check of the last line after "exit" saw a truncated log).
  const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, output: () => output, exited };
}
