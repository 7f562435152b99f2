import { MessageChannel } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { buildIntensityModel } from "../../tests/support/test-models";
import { evaluationSessionOptions } from "./run-model";
import { SessionThread, serveSessionThread } from "./session-thread";
import { parseThreadReply, parseThreadRequest, type ThreadReply } from "./session-thread-protocol";

describe("thread messages", () => {
  it("should accept a well-formed run request", () => {
    const request = { type: "run", id: 3, inputName: "input", outputName: "output", data: new ArrayBuffer(16), length: 4, dims: [1, 1, 2, 2] };
    expect(parseThreadRequest(request)).toMatchObject({ ok: true, value: { type: "run", id: 3 } });
  });

  it("should reject a malformed request, naming each wrong field", () => {
    const parsed = parseThreadRequest({ type: "run", id: 1, inputName: "input", outputName: "output", data: [1, 2], length: 2, dims: ["N"] });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toMatch(/^malformed request to the inference thread: /);
    expect(parsed.error).toContain("data: expected an ArrayBuffer");
    expect(parsed.error).toContain("dims.0: ");
  });

  it("should reject a request of an unknown type", () => {
    const parsed = parseThreadRequest({ type: "format-disk", id: 1 });
    expect(parsed).toMatchObject({ ok: false });
    expect(parsed.ok ? "" : parsed.error).toContain("type: ");
  });

  it("should reject a malformed reply, naming the field", () => {
    const parsed = parseThreadReply({ type: "ran", id: 0, data: "not a tensor", dims: [1, 28], ms: 0.5, input: new ArrayBuffer(4) });
    expect(parsed).toEqual({ ok: false, error: "malformed reply from the inference thread: data: expected a typed array or an array of strings" });
  });
});

describe("serveSessionThread", { timeout: 30_000 }, () => {
  const channels: MessageChannel[] = [];
  afterEach(() => {
    for (const channel of channels.splice(0)) channel.port1.close();
  });

  /** The thread's side on one port of a channel in this thread; requests go in on the other. */
  function serve() {
    const channel = new MessageChannel();
    channels.push(channel);
    serveSessionThread(channel.port1);
    const replies: ThreadReply[] = [];
    const next = () =>
      new Promise<ThreadReply>((resolve) => {
        channel.port2.once("message", (reply: ThreadReply) => {
          replies.push(reply);
          resolve(reply);
        });
      });
    return { send: (message: unknown) => channel.port2.postMessage(message), next };
  }

  it("should answer a malformed request with a failure naming the field, under the request's id", async () => {
    const { send, next } = serve();
    const reply = next();
    send({ type: "load", id: 7, model: new ArrayBuffer(8), options: { intraOpNumThreads: 0 } });
    const answer = await reply;
    expect(answer.type).toBe("failed");
    expect(answer.id).toBe(7);
    expect(answer.type === "failed" ? answer.error : "").toMatch(/^malformed request to the inference thread: options\.intraOpNumThreads: .*; options\.interOpNumThreads: /);
  });

  it("should answer a request without a usable id with a failure for no request", async () => {
    const { send, next } = serve();
    const reply = next();
    send("run everything");
    expect(await reply).toMatchObject({ type: "failed", id: null, error: expect.stringMatching(/^malformed request to the inference thread: message: /) });
  });

  it("should load and run a model after a malformed request", async () => {
    const { send, next } = serve();
    let reply = next();
    send({ type: "run", id: 0 });
    expect((await reply).type).toBe("failed");
    reply = next();
    send({ type: "load", id: 1, model: new Uint8Array(buildIntensityModel()).buffer, options: evaluationSessionOptions(1) });
    const loaded = await reply;
    expect(loaded).toMatchObject({ type: "loaded", id: 1, inputs: [{ name: "input" }] });
    reply = next();
    send({ type: "run", id: 2, inputName: "input", outputName: "output", data: Float32Array.from([0.25, 0.5, 0.75, 1]).buffer, length: 4, dims: [1, 1, 2, 2] });
    const ran = await reply;
    expect(ran.type === "ran" ? Array.from(ran.data as Float32Array) : ran).toEqual([0.25, 0.5, 0.75, 1]);
    reply = next();
    send({ type: "release", id: 3 });
    expect(await reply).toEqual({ type: "released", id: 3 });
  });
});

describe("SessionThread", { timeout: 60_000 }, () => {
  it("should reject a batch the thread refuses with the thread's message", async () => {
    const { thread } = await SessionThread.load(buildIntensityModel(), evaluationSessionOptions(1));
    try {
      await expect(thread.run("input", "output", new ArrayBuffer(16), 4, [1, 1, 0, 2])).rejects.toThrow(/^malformed request to the inference thread: dims\.2: /);
      // The thread carries on after a refused request.
      const output = await thread.run("input", "output", Float32Array.from([1, 2, 3, 4]).buffer, 4, [1, 1, 2, 2]);
      expect(Array.from(output.data as Float32Array)).toEqual([1, 2, 3, 4]);
    } finally {
      await thread.close();
    }
  });
});
