import { describe, expect, it } from "vitest";
import { submissionNotice } from "./submission-notice";

const d = (s: string) => new Date(s);
const stage1 = { name: "Stage 1", startsAt: d("2026-01-01T00:00:00Z"), endsAt: d("2026-02-01T12:30:00Z") };
const stage2 = { name: "Stage 2", startsAt: d("2026-02-08T09:00:00Z"), endsAt: d("2026-02-15T00:00:00Z") };

describe("submissionNotice", () => {
  it("should say nothing while a phase is open", () => {
    expect(submissionNotice([stage1, stage2], d("2026-01-10T00:00:00Z"))).toBeNull();
  });
  it("should say when the phase closed and when the next one opens", () => {
    expect(submissionNotice([stage1, stage2], d("2026-02-03T00:00:00Z"))).toBe(
      "Stage 1 closed on 2026-02-01 12:30 UTC; it no longer accepts submissions. The next phase, Stage 2, opens on 2026-02-08 09:00 UTC.",
    );
  });
  it("should say that nothing follows the last phase", () => {
    expect(submissionNotice([stage1], d("2026-03-01T00:00:00Z"))).toBe("Stage 1 closed on 2026-02-01 12:30 UTC; it no longer accepts submissions. No further phase is scheduled.");
  });
  it("should say when the first phase opens", () => {
    expect(submissionNotice([stage1], d("2025-12-01T00:00:00Z"))).toBe("Stage 1 opens on 2026-01-01 00:00 UTC.");
  });
  it("should say when there is no phase at all", () => {
    expect(submissionNotice([], d("2026-01-01T00:00:00Z"))).toMatch(/no phase yet/);
  });
});
