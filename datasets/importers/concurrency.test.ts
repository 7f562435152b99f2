import { describe, expect, it } from "vitest";
import { createLimiter, mapLimit } from "./concurrency";

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe("createLimiter", () => {
  it("should never run more than the limit at once, even with late arrivals", async () => {
    const run = createLimiter(3);
    let active = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      active++;
      peak = Math.max(peak, active);
      await tick();
      active--;
    };
    const first = Array.from({ length: 10 }, () => run(task));
    await tick();
    const late = Array.from({ length: 10 }, () => run(task));
    await Promise.all([...first, ...late]);
    expect(peak).toBe(3);
  });
});

describe("mapLimit", () => {
  it("should keep input order", async () => {
    expect(await mapLimit([5, 1, 3], 2, async (n) => (await tick(), n * 2))).toEqual([10, 2, 6]);
  });
});
