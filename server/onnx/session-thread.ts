// onnxruntime-node runs a session on the calling JavaScript thread: while a batch is being
// inferred, nothing else happens. Holding the session in a worker thread lets the
// evaluation loop decode, normalise and post-process the neighbouring batches meanwhile,
// so on two cores the platform's own work hides behind inference.
//
// The thread runs this very module (see threadEntry and the end of the file). Both sides speak
// the zod-typed messages of session-thread-protocol.ts and parse what they receive.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import {
  parseThreadReply,
  parseThreadRequest,
  requestIdOf,
  type ThreadReply,
  type ThreadRequest,
  type ThreadSessionOptions,
} from "./session-thread-protocol";

/** Tells the thread apart from anything else that might load this module in a worker. */
const THREAD_ROLE = "scopebench-onnx-session-thread";

export interface RunOutput {
  data: ort.Tensor["data"];
  dims: readonly number[];
  /** Time inside session.run, in the thread. */
  ms: number;
  /** The input's buffer, handed back for the next batch. */
  input: ArrayBuffer;
}

// ---------------------------------------------------------------------------------------
// The thread

/** Answers requests on `port`, one at a time, with one session (exported for tests on a MessageChannel). */
export function serveSessionThread(port: MessagePort): void {
  let session: ort.InferenceSession | undefined;
  // One message at a time: session.run is asynchronous, and overlapping runs would use more
  // cores than the intra-op thread limit grants (and blur the timing of each run).
  let queue = Promise.resolve();
  const post = (reply: ThreadReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

  const handle = async (request: ThreadRequest): Promise<void> => {
    if (request.type === "load") {
      session = await ort.InferenceSession.create(new Uint8Array(request.model), request.options);
      const inputs = session.inputMetadata.map((m) => ({ name: m.name, shape: m.isTensor ? [...m.shape] : [] }));
      return post({ type: "loaded", id: request.id, inputs });
    }
    if (request.type === "release") {
      await session?.release();
      session = undefined;
      return post({ type: "released", id: request.id });
    }
    if (!session) throw new Error("no model is loaded in the inference thread");
    const started = performance.now();
    const input = new Float32Array(request.data, 0, request.length);
    const result = await session.run({ [request.inputName]: new ort.Tensor("float32", input, request.dims) }, [request.outputName]);
    const output = result[request.outputName];
    if (!output) throw new Error(`the model returned no output "${request.outputName}"`);
    const ms = performance.now() - started;
    // Into the caller's spare buffer when it fits: buffers go back and forth instead of
    // being allocated and collected per batch, in either thread.
    const spare = request.spare;
    const fits = output.data instanceof Float32Array && spare !== undefined && spare.byteLength >= output.data.byteLength;
    const data = fits ? new Float32Array(spare, 0, output.data.length) : output.data.slice();
    if (fits) (data as Float32Array).set(output.data as Float32Array);
    const dims = [...output.dims];
    output.dispose();
    const transfer = ArrayBuffer.isView(data) ? [data.buffer as ArrayBuffer, request.data] : [request.data];
    post({ type: "ran", id: request.id, data, dims, ms, input: request.data }, transfer);
  };

  port.on("message", (raw: unknown) => {
    queue = queue.then(async () => {
      const parsed = parseThreadRequest(raw);
      if (!parsed.ok) return post({ type: "failed", id: requestIdOf(raw), error: parsed.error });
      try {
        await handle(parsed.value);
      } catch (error) {
        post({ type: "failed", id: parsed.value.id, error: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}

// ---------------------------------------------------------------------------------------
// The loop's side

/** Requests without their id (the thread assigns none; SessionThread numbers them). */
type Outgoing = ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, "id"> : never) : never;

/**
 * What the thread runs. In the sandbox this module is part of the child's bundle, which the
 * thread loads as it is. From sources (tests, scripts) the module is bundled once per
 * process: a TypeScript loader in each thread took over a second per model.
 */
let sourceBundle: string | undefined;
function threadEntry(): URL {
  const self = fileURLToPath(import.meta.url);
  if (!self.endsWith(".ts")) return new URL(import.meta.url);
  if (!sourceBundle) {
    const projectRoot = path.resolve(path.dirname(self), "../..");
    // Inside the project, so that the bundle's one external import (onnxruntime-node) resolves.
    const outfile = path.join(projectRoot, "node_modules", ".cache", "scopebench-session-thread", `session-thread-${process.pid}.mjs`);
    const require = createRequire(import.meta.url);
    const esbuild = require("esbuild") as typeof import("esbuild");
    esbuild.buildSync({ entryPoints: [self], bundle: true, platform: "node", format: "esm", target: "node20", outfile, logLevel: "silent", external: ["onnxruntime-node"] });
    process.once("exit", () => fs.rmSync(outfile, { force: true }));
    sourceBundle = outfile;
  }
  return pathToFileURL(sourceBundle);
}

type Waiter = { expect: ThreadReply["type"]; resolve: (reply: ThreadReply) => void; reject: (error: Error) => void };

export class SessionThread {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiter>();
  private failure: Error | null = null;

  private constructor() {
    this.worker = new Worker(threadEntry(), { workerData: { role: THREAD_ROLE } });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on("message", (raw: unknown) => {
      const parsed = parseThreadReply(raw);
      // A reply we cannot read, or a failure that names no request: the exchange is broken.
      if (!parsed.ok) return fail(new Error(parsed.error));
      const reply = parsed.value;
      if (reply.id === null) return fail(new Error(reply.type === "failed" ? reply.error : "the inference thread replied to no request"));
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!waiter) return;
      if (reply.type === "failed") waiter.reject(new Error(reply.error));
      else if (reply.type !== waiter.expect) waiter.reject(new Error(`the inference thread replied "${reply.type}" where "${waiter.expect}" was due`));
      else waiter.resolve(reply);
    });
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`the inference thread stopped (exit code ${code})`)));
  }

  private call<T extends ThreadReply["type"]>(request: Outgoing, expect: T, transfer: ArrayBuffer[] = []): Promise<Extract<ThreadReply, { type: T }>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { expect, resolve: resolve as (reply: ThreadReply) => void, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  /** Loads the model in a new thread; `inputs` are the model's declared inputs. */
  static async load(modelBytes: Uint8Array, options: ThreadSessionOptions) {
    const thread = new SessionThread();
    // A copy with a buffer of its own: Node Buffers are often views into a shared pool.
    const copy = new Uint8Array(modelBytes);
    try {
      const loaded = await thread.call({ type: "load", model: copy.buffer, options }, "loaded", [copy.buffer]);
      return { thread, inputs: loaded.inputs };
    } catch (error) {
      await thread.close();
      throw error;
    }
  }

  /**
   * Runs one batch, the first `length` values of `input` (a whole buffer of its own), and
   * returns that buffer with the output. Both `input` and `spare` (a buffer for the output,
   * used when big enough) are handed over to the thread: do not touch them until returned.
   */
  async run(inputName: string, outputName: string, input: ArrayBuffer, length: number, dims: readonly number[], spare?: ArrayBuffer): Promise<RunOutput> {
    const transfer = spare ? [input, spare] : [input];
    const request = { type: "run" as const, inputName, outputName, data: input, length, dims: [...dims], ...(spare ? { spare } : {}) };
    const reply = await this.call(request, "ran", transfer);
    return { data: reply.data as ort.Tensor["data"], dims: reply.dims, ms: reply.ms, input: reply.input };
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call({ type: "release" }, "released").catch(() => undefined);
    await this.worker.terminate();
  }
}

// The thread: this module loaded by startWorker's worker.
if (!isMainThread && parentPort && (workerData as { role?: unknown } | null)?.role === THREAD_ROLE) serveSessionThread(parentPort);
