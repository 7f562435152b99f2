import { describe, expect, it } from "vitest";
import { phaseRulesMarkdown } from "./phase-rules";

const d = (s: string) => new Date(s);
const phase = { name: "Stage 1", startsAt: d("2026-01-01T09:30:00Z"), endsAt: d("2026-02-01T18:00:00Z"), dailyQuota: 5, totalQuota: 100, failedCountTowardsQuota: false, ladder: false };

describe("phaseRulesMarkdown", () => {
  it("should state each phase's times, quotas and whether failures count", () => {
    const md = phaseRulesMarkdown([phase], d("2026-01-10T00:00:00Z"));
    expect(md).toContain("### Stage 1 (open)");
    expect(md).toContain("**2026-01-01 09:30 UTC** to **2026-02-01 18:00 UTC**");
    expect(md).toContain("up to **5 submissions per day**");
    expect(md).toContain("**100 submissions in total**");
    expect(md).toContain("do not count towards the quota");
  });

  it("should say when a phase takes no submissions, and when failures count", () => {
    const md = phaseRulesMarkdown([{ ...phase, totalQuota: 0, failedCountTowardsQuota: true, ladder: true }], d("2027-01-01T00:00:00Z"));
    expect(md).toContain("(closed)");
    expect(md).toContain("No submissions are accepted in this phase");
    expect(md).toContain("count towards the quota");
    expect(md).toContain("the Ladder");
  });

  it("should leave out a daily quota that is no limit", () => {
    expect(phaseRulesMarkdown([{ ...phase, dailyQuota: 10, totalQuota: 3 }], d("2026-01-10T00:00:00Z"))).toContain("**3 submissions in total**, on any days");
  });
});
