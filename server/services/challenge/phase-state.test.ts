import { describe, expect, it } from "vitest";
import { boardPhase, currentPhase, phaseState } from "./phase-state";

const d = (s: string) => new Date(s);
const phase = (name: string, start: string, end: string) => ({ name, startsAt: d(start), endsAt: d(end) });

describe("phaseState", () => {
  it("should be open from the start inclusive to the end exclusive", () => {
    const p = phase("a", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
    expect(phaseState(p, d("2025-12-31T23:59:59Z"))).toBe("upcoming");
    expect(phaseState(p, d("2026-01-01T00:00:00Z"))).toBe("open");
    expect(phaseState(p, d("2026-02-01T00:00:00Z"))).toBe("closed");
  });
});

describe("currentPhase", () => {
  const stage1 = phase("stage 1", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z");
  const stage2 = phase("stage 2", "2026-02-08T00:00:00Z", "2026-02-15T00:00:00Z");

  it("should prefer the open phase", () => {
    expect(currentPhase([stage1, stage2], d("2026-01-10T00:00:00Z"))?.name).toBe("stage 1");
  });
  it("should pick the next phase between two phases", () => {
    expect(currentPhase([stage1, stage2], d("2026-02-03T00:00:00Z"))?.name).toBe("stage 2");
  });
  it("should pick the last phase once all have closed", () => {
    expect(currentPhase([stage1, stage2], d("2026-03-01T00:00:00Z"))?.name).toBe("stage 2");
  });
  it("should return null without phases", () => {
    expect(currentPhase([], d("2026-03-01T00:00:00Z"))).toBeNull();
  });
});

describe("boardPhase", () => {
  const stage1 = { name: "Stage 1", startsAt: d("2026-01-01T00:00:00Z"), endsAt: d("2026-02-01T00:00:00Z") };
  const stage2 = { name: "Stage 2", startsAt: d("2026-03-01T00:00:00Z"), endsAt: d("2026-03-08T00:00:00Z") };
  it("should show the open phase's board, else the last closed one's, else the next one's", () => {
    expect(boardPhase([stage1, stage2], d("2026-01-15T00:00:00Z"))?.name).toBe("Stage 1");
    // Between the stages: stage 1's results, not stage 2's empty board.
    expect(boardPhase([stage1, stage2], d("2026-02-15T00:00:00Z"))?.name).toBe("Stage 1");
    expect(boardPhase([stage1, stage2], d("2026-03-02T00:00:00Z"))?.name).toBe("Stage 2");
    expect(boardPhase([stage1, stage2], d("2025-12-01T00:00:00Z"))?.name).toBe("Stage 1");
  });
});
