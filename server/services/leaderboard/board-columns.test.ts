import { describe, expect, it } from "vitest";
import { columnValues, sharedRanks } from "./board-columns";

describe("board columns", () => {
  it("should give equal scores the same rank", () => {
    expect(sharedRanks([{ score: 0.9 }, { score: 0.8 }, { score: 0.8 }, { score: 0.7 }, { score: 0.7 }, { score: 0.7 }, { score: 0.1 }])).toEqual([1, 2, 2, 4, 4, 4, 7]);
    expect(sharedRanks([])).toEqual([]);
  });

  it("should read a board's outputs, null where a submission has none", () => {
    const stored = { public: { sq: 0.9 }, private: { sq: 0.7, rq: 0.5 } };
    expect(columnValues(stored, "public", ["sq", "rq"])).toEqual({ sq: 0.9, rq: null });
    expect(columnValues(stored, "private", ["sq", "rq"])).toEqual({ sq: 0.7, rq: 0.5 });
    expect(columnValues(null, "public", ["sq"])).toEqual({ sq: null });
  });
});
