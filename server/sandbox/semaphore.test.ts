import { describe, expect, it } from "vitest";
import { Semaphore } from "./semaphore";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe("Semaphore", () => {
  it("should run at most `limit` tasks at once and start waiters in arrival order", async () => {
    const semaphore = new Semaphore(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((gate, i) =>
      semaphore.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(semaphore.holders).toBe(2);
    gates[1]!.resolve();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3]);
    expect(semaphore.peakActive).toBe(2);
    expect(semaphore.peakWaiting).toBe(2);
    expect(semaphore.holders).toBe(0);
  });

  it("should release the slot when a task throws", async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await semaphore.run(() => Promise.resolve("next"))).toBe("next");
    expect(semaphore.holders).toBe(0);
  });

  it("should refuse a limit below one", () => {
    expect(() => new Semaphore(0)).toThrow(RangeError);
  });
});
