import { describe, expect, it } from "vitest";
import { leadHistory, rankLeaderboard, type LeaderboardRow } from "./leaderboard-reference";

let n = 0;
function row(userId: string, minute: number, publicScore: number | null, privateScore: number | null = null, status: LeaderboardRow["status"] = "scored"): LeaderboardRow {
  n += 1;
  return {
    id: `s${n}`,
    userId,
    participant: userId.toUpperCase(),
    status,
    publicScore,
    privateScore,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, minute)),
    isBaseline: false,
  };
}

describe("rankLeaderboard", () => {
  it("should rank by each participant's best public score", () => {
    const ranked = rankLeaderboard(
      [row("a", 1, 0.5), row("a", 2, 0.7), row("b", 3, 0.6), row("c", 4, null, null, "failed")],
      { higherIsBetter: true, board: "public" },
    );
    expect(ranked.map((e) => [e.rank, e.userId, e.score, e.submissions])).toEqual([
      [1, "a", 0.7, 2],
      [2, "b", 0.6, 1],
    ]);
  });

  it("should break ties by the earlier submission", () => {
    const ranked = rankLeaderboard([row("late", 10, 0.8), row("early", 5, 0.8)], { higherIsBetter: true, board: "public" });
    expect(ranked.map((e) => e.userId)).toEqual(["early", "late"]);
  });

  it("should keep the earlier of two equal scores of one participant", () => {
    const [entry] = rankLeaderboard([row("a", 1, 0.8), row("a", 2, 0.8)], { higherIsBetter: true, board: "public" });
    expect(entry?.scoredSubmissionAt.getUTCMinutes()).toBe(1);
    expect(entry?.lastSubmissionAt.getUTCMinutes()).toBe(2);
  });

  it("should honour lower-is-better metrics", () => {
    const ranked = rankLeaderboard([row("a", 1, 3), row("b", 2, 1)], { higherIsBetter: false, board: "public" });
    expect(ranked[0]?.userId).toBe("b");
  });

  it("should rank the private board by the private score of the best public submission", () => {
    const ranked = rankLeaderboard(
      [row("a", 1, 0.9, 0.4), row("a", 2, 0.5, 0.95), row("b", 3, 0.6, 0.6)],
      { higherIsBetter: true, board: "private" },
    );
    expect(ranked.map((e) => [e.userId, e.score])).toEqual([
      ["b", 0.6],
      ["a", 0.4],
    ]);
  });

  it("should not count cancelled submissions", () => {
    const [entry] = rankLeaderboard([row("a", 1, 0.5), row("a", 2, null, null, "cancelled")], { higherIsBetter: true, board: "public" });
    expect(entry?.submissions).toBe(1);
  });
});

describe("leadHistory", () => {
  it("should add a point only when the lead improves", () => {
    const points = leadHistory([row("a", 1, 0.5), row("b", 2, 0.4), row("b", 3, 0.6), row("a", 4, 0.6)], true);
    expect(points.map((p) => [p.participant, p.score])).toEqual([
      ["A", 0.5],
      ["B", 0.6],
    ]);
  });
});
