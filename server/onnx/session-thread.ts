// onnxruntime-node runs a session on the calling JavaScript thread: while a batch is being
// inferred, nothing else happens. Holding the session in a worker thread lets the
// evaluation loop decode, normalise and post-process the neighbouring batches meanwhile,
// so on two cores the platform's own work hides behind inference.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type * as ort from "onnxruntime-node";

export interface RunOutput {
  data: ort.Tensor["data"];
  dims: readonly number[];
  /** Time inside session.run, in the thread. */
  ms: number;
  /** The input's buffer, handed back for the next batch. */
  input: ArrayBuffer;
}

/** The worker's code: plain CommonJS, so it needs no loader and no bundle of its own. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const ort = require(workerData.ortPath);
let session;
// One message at a time: session.run is asynchronous, and overlapping runs would use more
// cores than the intra-op thread limit grants (and blur the timing of each run).
let queue = Promise.resolve();
parentPort.on("message", (message) => {
  queue = queue.then(() => handle(message));
});
async function handle(message) {
  try {
    if (message.type === "load") {
      session = await ort.InferenceSession.create(new Uint8Array(message.model), message.options);
      parentPort.postMessage({ id: message.id, ok: true, inputs: session.inputMetadata.map((m) => ({ name: m.name, shape: m.isTensor ? m.shape : [] })) });
      return;
    }
    if (message.type === "release") {
      await session?.release();
      parentPort.postMessage({ id: message.id, ok: true });
      return;
    }
    const started = performance.now();
    const input = new Float32Array(message.data, 0, message.length);
    const result = await session.run({ [message.inputName]: new ort.Tensor("float32", input, message.dims) }, [message.outputName]);
    const output = result[message.outputName];
    if (!output) throw new Error('the model returned no output "' + message.outputName + '"');
    const ms = performance.now() - started;
    // Into the caller's spare buffer when it fits: buffers go back and forth instead of
    // being allocated and collected per batch, in either thread.
    const spare = message.spare;
    const fits = output.data instanceof Float32Array && spare && spare.byteLength >= output.data.byteLength;
    const data = fits ? new Float32Array(spare, 0, output.data.length) : output.data.slice();
    if (fits) data.set(output.data);
    const dims = [...output.dims];
    output.dispose();
    parentPort.postMessage({ id: message.id, ok: true, data, dims, ms, input: message.data }, [data.buffer, message.data]);
  } catch (error) {
    parentPort.postMessage({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
}
`;

export class SessionThread {
  private readonly worker: Worker;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  private failure: Error | null = null;

  private constructor() {
    const ortPath = createRequire(import.meta.url).resolve("onnxruntime-node");
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { ortPath } });
    this.worker.on("message", (message: { id: number; ok: boolean; error?: string }) => {
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.ok) waiter?.resolve(message as unknown as Record<string, unknown>);
      else waiter?.reject(new Error(message.error ?? "inference failed"));
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`the inference thread stopped (exit code ${code})`)));
  }

  private call(message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<Record<string, unknown>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** Loads the model in a new thread; `inputs` are the model's declared inputs. */
  static async load(modelBytes: Uint8Array, options: ort.InferenceSession.SessionOptions) {
    const thread = new SessionThread();
    // A copy with a buffer of its own: Node Buffers are often views into a shared pool.
    const copy = new Uint8Array(modelBytes);
    const loaded = await thread.call({ type: "load", model: copy.buffer, options }, [copy.buffer]);
    return { thread, inputs: loaded.inputs as Array<{ name: string; shape: ReadonlyArray<number | string> }> };
  }

  /**
   * Runs one batch, the first `length` values of `input` (a whole buffer of its own), and
   * returns that buffer with the output. Both `input` and `spare` (a buffer for the output,
   * used when big enough) are handed over to the thread: do not touch them until returned.
   */
  async run(inputName: string, outputName: string, input: ArrayBuffer, length: number, dims: readonly number[], spare?: ArrayBuffer): Promise<RunOutput> {
    const transfer = spare ? [input, spare] : [input];
    const reply = await this.call({ type: "run", inputName, outputName, data: input, length, dims, spare }, transfer);
    return { data: reply.data as ort.Tensor["data"], dims: reply.dims as number[], ms: reply.ms as number, input: reply.input as ArrayBuffer };
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call({ type: "release" }).catch(() => undefined);
    await this.worker.terminate();
  }
}
