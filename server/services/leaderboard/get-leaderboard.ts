import { createHash } from "node:crypto";
import { teamRepository } from "../../repositories/team-repository";
import { ZSlug, type SessionUser } from "../../contracts/common";
import type { LeaderboardDto } from "../../contracts/leaderboard";
import { AppError, AppErrorCode } from "../../errors";
import { printable } from "../../printable";
import { leaderboardRepository, type LeaderboardViewRecord, type LeadPoint, type RankedRow } from "../../repositories/leaderboard-repository";
import { siteVersionRepository } from "../../repositories/site-version-repository";
import { canHostChallenge } from "../challenge/can-host-challenge";
import { findVisibleChallenge } from "../challenge/find-challenge";
import { boardPhase } from "../challenge/phase-state";
import { committedModelOf } from "../challenge/stage-test-set";
import { revealMessage } from "../challenge/test-set-reveal";
import { audienceFor } from "../disclosure/audience";
import { DISCLOSURE_POLICY, type Audience } from "../disclosure/disclose-report";
import { boardStatisticsRepository } from "../../repositories/board-statistics-repository";
import { ZStoredBoardStatistics, type StoredBoardStatistics } from "../statistics/stored-statistics";
import { boardStatisticsDto, entryStatistics, rankShift, type ShiftTable } from "./board-statistics-view";
import { VersionedCache } from "./versioned-cache";
import { scoringRuleRepository } from "../../repositories/scoring-rule-repository";
import { higherIsBetter as ruleHigherIsBetter, readStoredRule } from "../scoring-rule/rule-document";
import { columnValues, outputLabel, sharedRanks } from "./board-columns";

interface LeaderboardInput {
  slug: string;
  phaseId?: string;
  board: "public" | "private";
  page: number;
  pageSize: number;
  user: SessionUser | null;
}

// Rankings depend only on the phase's submissions (and participant names), never on who
// asks: who may see which board is decided per request, before the cache is consulted.
// Sized in phases × boards; each entry holds one row per participant, not per submission.
const rankings = new VersionedCache<RankedRow[]>(256);
const histories = new VersionedCache<LeadPoint[]>(256);
const statistics = new VersionedCache<(StoredBoardStatistics & { computedAt: Date }) | null>(256);
const shifts = new VersionedCache<ShiftTable>(256);

// What a board needs to know about its challenge, read once per change of the site's data.
const views = new VersionedCache<LeaderboardViewRecord | null>(1024);

/**
 * Which board of which phase the viewer asks for, and what the viewer may see: no ranking
 * work, and one small query (every open board asks again every few seconds), two for a
 * signed-in viewer (are they a host). The rules are those of findVisibleChallenge,
 * audienceFor and the disclosure policy; refusals are raised by those functions themselves,
 * so their messages stay the same.
 */
async function resolveLeaderboard(input: LeaderboardInput) {
  const now = new Date();
  const view = ZSlug.safeParse(input.slug).success
    ? await views.get(input.slug, await siteVersionRepository.current(), () => leaderboardRepository.findView(input.slug))
    : null;
  const isHost = view !== null && (await canHostChallenge(input.user, view.id));
  if (!view || (view.status === "draft" && !isHost)) {
    await findVisibleChallenge(input.slug, input.user);
    throw new AppError(AppErrorCode.NOT_FOUND, { message: `No challenge called "${printable(input.slug)}".` });
  }
  const phase = input.phaseId ? view.phases.find((p) => p.id === input.phaseId) : boardPhase(view.phases, now);
  if (!phase) throw new AppError(AppErrorCode.NOT_FOUND, { message: "No such phase." });

  // Private scores describe the private test images: they wait for every phase (of any
  // challenge) on this test set, not just this one.
  const revealed = phase.revealAt !== null && phase.revealAt <= now;
  const audience: Audience = isHost ? "host" : revealed ? "participant-revealed" : "participant-open";
  const privateAvailable = DISCLOSURE_POLICY[audience].privateScore;
  if (input.board === "private" && !privateAvailable) {
    const { reveal } = await audienceFor(input.user, { id: view.id, datasetId: phase.testDatasetId }, now);
    throw new AppError(AppErrorCode.FORBIDDEN, { message: `The private leaderboard is revealed ${revealMessage(reveal)}.` });
  }
  const rule = readStoredRule(view);
  return { challenge: view, phase, revealAt: phase.revealAt, privateAvailable, higherIsBetter: ruleHigherIsBetter(rule), rule, version: view.version, audience };
}

async function readStatistics(phaseId: string, board: "public" | "private") {
  const row = await boardStatisticsRepository.find(phaseId, board);
  if (!row) return null;
  // Written by this code base's worker; a row from an older layout reads as "not computed yet".
  const parsed = ZStoredBoardStatistics.safeParse(row.statistics);
  return parsed.success ? { ...parsed.data, computedAt: row.computedAt } : null;
}

export async function getLeaderboard(input: LeaderboardInput): Promise<LeaderboardDto> {
  const { challenge, phase, revealAt, privateAvailable, higherIsBetter, rule, version, audience } = await resolveLeaderboard(input);
  // Under the Ladder the public board shows what the Ladder let through, and until the test
  // set is revealed participants get no statistics of it either (intervals are exact scores).
  const ladderBoard = phase.ladder && input.board === "public";
  const rankBoard = (board: "public" | "private") =>
    rankings.get(`${phase.id}:${board}:${higherIsBetter}:${board === "public" && phase.ladder}`, version, () =>
      board === "public" && phase.ladder ? leaderboardRepository.rankLadder(phase.id, higherIsBetter) : leaderboardRepository.rankPhase(phase.id, { higherIsBetter, board }));
  const showStatistics = !(ladderBoard && audience === "participant-open");
  const [entries, history, stored, shift, viewerId] = await Promise.all([
    rankBoard(input.board),
    histories.get(`${phase.id}:${higherIsBetter}:${phase.ladder}`, version, () => leaderboardRepository.leadHistory(phase.id, higherIsBetter, phase.ladder)),
    showStatistics ? statistics.get(`${phase.id}:${input.board}`, version, () => readStatistics(phase.id, input.board)) : Promise.resolve(null),
    input.board === "private"
      ? shifts.get(`${phase.id}:${higherIsBetter}`, version, async () =>
          rankShift(await rankings.get(`${phase.id}:public:${higherIsBetter}:false`, version, () => leaderboardRepository.rankPhase(phase.id, { higherIsBetter, board: "public" })), await rankBoard("private")))
      : Promise.resolve(null),
    // A team member's own row is the team's.
    input.user ? teamRepository.entrantOf(challenge.id, input.user.id) : undefined,
  ]);
  const groupSizes = DISCLOSURE_POLICY[audience].groupSizes;
  const start = (input.page - 1) * input.pageSize;
  const viewerIndex = viewerId === undefined ? -1 : entries.findIndex((e) => e.userId === viewerId);
  const ranks = rule.ranking.tieBreak === "shared-rank" ? sharedRanks(entries) : null;
  // The rule's further outputs, per board; a Ladder board shows none while it guards (they would be exact scores).
  const columns = showStatistics ? rule.columns : [];
  const pageRows = [...entries.slice(start, start + input.pageSize), ...(viewerIndex >= 0 ? [entries[viewerIndex]!] : [])];
  const [outputs, runs] = await Promise.all([
    columns.length > 0 ? scoringRuleRepository.boardOutputs(pageRows.map((e) => e.submissionId)) : new Map<string, unknown>(),
    phase.committedModels && pageRows.length > 0 ? leaderboardRepository.committedRuns(pageRows.map((e) => e.submissionId)) : [],
  ]);
  const committed = new Map(runs.map((run) => [run.id, committedModelOf(run)]));
  const withExtras = (e: RankedRow, index: number) => ({
    ...e,
    rank: ranks ? ranks[index]! : index + 1,
    stats: entryStatistics(stored, e),
    shift: shift?.byUser.get(e.userId) ?? null,
    columns: columnValues(outputs.get(e.submissionId), input.board, columns),
    committedModel: committed.get(e.submissionId) ?? null,
  });
  return {
    phaseId: phase.id,
    phaseName: phase.name,
    board: input.board,
    privateAvailable,
    revealAt,
    metricId: challenge.metricId,
    higherIsBetter,
    rankedBy: outputLabel(rule, rule.ranking.output),
    tieBreak: rule.ranking.tieBreak,
    columns: columns.map((key) => ({ key, label: outputLabel(rule, key) })),
    // Ranked once per version; each request only slices its page.
    entries: entries.slice(start, start + input.pageSize).map((e, i) => withExtras(e, start + i)),
    total: entries.length,
    page: input.page,
    pageSize: input.pageSize,
    viewerEntry: viewerIndex >= 0 && (viewerIndex < start || viewerIndex >= start + input.pageSize) ? withExtras(entries[viewerIndex]!, viewerIndex) : null,
    history,
    statistics: stored ? boardStatisticsDto(stored, entries, { groupSizes }) : null,
    shift: shift?.dto ?? null,
    ladder: phase.ladder,
    isFinal: phase.isFinal,
    committedModels: phase.committedModels,
  };
}

/**
 * A validator of what getLeaderboard would answer this viewer now, without ranking: the
 * challenge's change counter plus every viewer-dependent field of the answer (which phase,
 * whether the private board is open, when it opens). Equal tags mean equal answers, so
 * an unchanged board is answered 304 and never re-sent. The page and the signed-in viewer are
 * part of it (the answer carries the viewer's own row), so bodies are shared only between
 * anonymous viewers and never across viewers or pages. Null when the request would fail
 * (the error is left to the procedure).
 */
export async function leaderboardTag(input: LeaderboardInput): Promise<string | null> {
  try {
    const { challenge, phase, revealAt, privateAvailable, version } = await resolveLeaderboard(input);
    const parts = [
      challenge.id, phase.id, input.board, version.toString(), privateAvailable, revealAt?.toISOString() ?? "",
      input.page, input.pageSize, input.user?.id ?? "",
    ];
    return createHash("sha256").update(JSON.stringify(parts)).digest("base64url").slice(0, 27);
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}
