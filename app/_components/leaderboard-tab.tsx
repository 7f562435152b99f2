"use client";
import { useSession } from "next-auth/react";
import Link from "next/link";
import { useState } from "react";
import type { BoardStatisticsDto, LeaderboardDto, RankShiftDto } from "@/server/contracts/leaderboard";
import { trpc } from "../_trpc/client";
import { ConfirmButton } from "./confirm-button";
import type { PhaseDto } from "@/server/contracts/challenge";
import { errorMessage, formatDate, formatScore } from "./format";
import { LeaderboardChart } from "./leaderboard-chart";
import { BlobPlot, BumpChart, ConditionChart, formatInterval, IntervalChart, SignificanceMap } from "./ranking-charts";
import { useLeaderboardLive } from "./use-leaderboard-live";

type Board = "public" | "private";

/** Private scores wait for every phase (of any challenge) on the same test images. */
const privateHidden = (revealAt: Date | null | undefined) =>
  `The private leaderboard is revealed when every phase using these test images has closed${revealAt ? ` (${formatDate(revealAt)})` : ""}.`;

type Entry = LeaderboardDto["entries"][number];

/**
 * One page of the board (the URL's `page`, server-rendered; page links are plain links, so
 * they work without JavaScript). Ranks are global; the viewer's own row follows the page when
 * it is elsewhere on the board.
 */
export function LeaderboardTab({ slug, viewerIsHost, page, phases }: { slug: string; viewerIsHost: boolean; page: number; phases: PhaseDto[] }) {
  const { status } = useSession();
  const utils = trpc.useUtils();
  const [board, setBoard] = useState<Board>("public");
  // Unset: the server's choice (the open phase's board, else the last closed one's).
  const [phaseId, setPhaseId] = useState<string | undefined>(undefined);
  const phaseInput = phaseId ? { phaseId } : {};
  // New scores arrive while people watch the board: conditional re-asks keep it current.
  // Same input as the page's prefetch (app/challenges/[slug]/page.tsx), so the first render has it.
  const leaderboard = useLeaderboardLive({ challenge: slug, board, page, ...phaseInput });
  // Whether the private board may be shown is known from either board; the public one always loads.
  const publicBoard = useLeaderboardLive({ challenge: slug, board: "public", page, ...phaseInput });
  const privateAvailable = publicBoard.data?.privateAvailable ?? false;
  const PRIVATE_HIDDEN = privateHidden(publicBoard.data?.revealAt);
  const me = trpc.user.me.useQuery(undefined, { enabled: status === "authenticated" });
  const rescore = trpc.submission.rescorePhase.useMutation({
    onSuccess: () => utils.leaderboard.get.invalidate({ challenge: slug }),
  });

  const data = leaderboard.data;
  const conditionValues = data?.statistics?.conditions?.values.map((v) => v.value) ?? [];
  const outputs = data?.columns ?? [];
  const columns: Columns = {
    statistics: Boolean(data?.statistics),
    outputs: outputs.map((c) => c.key),
    conditions: conditionValues,
    shift: Boolean(data?.shift),
    span: 5 + outputs.length + (data?.statistics ? 1 : 0) + conditionValues.length + (conditionValues.length > 1 ? 1 : 0) + (data?.shift ? 2 : 0),
  };
  return (
    <>
      <div className="toolbar">
        {phases.length > 1 && (
          <select
            aria-label="Phase"
            data-testid="board-phase"
            value={phaseId ?? publicBoard.data?.phaseId ?? ""}
            onChange={(e) => {
              setPhaseId(e.target.value);
              setBoard("public");
            }}
          >
            {phases.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.isFinal ? " (final)" : ""}
              </option>
            ))}
          </select>
        )}
        <div className="segmented" role="group" aria-label="Leaderboard">
          <button type="button" aria-pressed={board === "public"} onClick={() => setBoard("public")} data-testid="board-public">
            Public
          </button>
          <button
            type="button"
            aria-pressed={board === "private"}
            disabled={!privateAvailable}
            title={privateAvailable ? "Scores on the hidden part of the test set" : PRIVATE_HIDDEN}
            onClick={() => setBoard("private")}
            data-testid="board-private"
          >
            Private
          </button>
        </div>
        <span className="muted small toolbar-note">
          {board === "public"
            ? "Scores on the public part of the test set."
            : "Final scores on the private part of the test set."}
          {!privateAvailable && ` ${PRIVATE_HIDDEN}`}
        </span>
        {viewerIsHost && data && (
          <ConfirmButton
            className="secondary"
            disabled={rescore.isPending}
            testId="rescore-phase"
            question={`Re-score every submission of ${data.phaseName}? The leaderboard changes as they finish.`}
            onConfirm={() => rescore.mutate({ phaseId: data.phaseId })}
          >
            {rescore.isPending ? "Queuing…" : "Re-score all submissions of this phase"}
          </ConfirmButton>
        )}
      </div>

      {rescore.data && (
        <div className="ok-box">
          {rescore.data.requeued} {rescore.data.requeued === 1 ? "submission" : "submissions"} queued for re-scoring.
        </div>
      )}
      {rescore.error && <div className="error-box">{errorMessage(rescore.error)}</div>}

      {leaderboard.isPending ? (
        <p className="muted">Loading the leaderboard…</p>
      ) : leaderboard.error ? (
        <div className="error-box">{errorMessage(leaderboard.error)}</div>
      ) : data && data.total === 0 ? (
        <div className="empty" data-testid="leaderboard-empty">
          No scored submissions on the {board} board of {data.phaseName} yet. Be the first!
        </div>
      ) : (
        data && (
          <>
            {(data.isFinal || data.committedModels) && (
              <div className="info-box" data-testid="stage-note">
                {data.isFinal && <strong>The final leaderboard. </strong>}
                {data.committedModels &&
                  `Only models committed in the phase before ${data.phaseName} are here: the platform ran each on ${data.phaseName}'s own test images when it opened, so none can have been tuned on them. Each row shows its model's sha256 and when it was committed.`}
              </div>
            )}
            {data.history.length > 0 && <LeaderboardChart history={data.history} />}
            {data.ladder && board === "public" && (
              <div className="info-box" data-testid="ladder-note">
                <strong>Overfitting guard on (the Ladder).</strong> A participant’s public score changes only when a new
                submission beats the score shown by more than the noise of the comparison (s/√n: the standard error of the
                per-image differences on the n public images), and shown scores are rounded to 3 decimals. Re-submitting small
                variants of a model therefore tells you little about the public images: real improvements still show
                (Blum &amp; Hardt, ICML 2015).
              </div>
            )}
            <div className="table-wrap">
              <table data-testid="leaderboard-table">
                <thead>
                  <tr>
                    <th className="num">Rank</th>
                    <th>Participant</th>
                    <th className="num" title={`${data.rankedBy}: ${data.higherIsBetter ? "higher is better" : "lower is better"}`} data-testid="ranked-column">
                      {data.rankedBy === "score" ? "Score" : data.rankedBy} {data.higherIsBetter ? "↑" : "↓"}
                      {data.statistics && <span className="muted small"> [95 % interval]</span>}
                    </th>
                    {outputs.map((c) => (
                      <th key={c.key} className="num" data-testid="output-column">
                        {c.label}
                      </th>
                    ))}
                    {data.statistics && (
                      <th className="num" title="Median rank over bootstrap resamples of the test images, and its 95 % interval">
                        Median rank [95 %]
                      </th>
                    )}
                    {conditionValues.map((value) => (
                      <th key={value} className="num" data-testid="condition-column">
                        {value}
                      </th>
                    ))}
                    {conditionValues.length > 1 && (
                      <th className="num" title={`Best minus worst ${data.statistics?.conditions?.column ?? "condition"}: how much the entry depends on the imaging condition`}>
                        Spread
                      </th>
                    )}
                    {data.shift && (
                      <>
                        <th className="num">Public rank</th>
                        <th className="num" title="Public score − private score of the same submission">
                          Gap
                        </th>
                      </>
                    )}
                    <th className="num">Submissions</th>
                    <th>Last submission</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => (
                    <Row key={e.userId} entry={e} mine={me.data?.id === e.userId} columns={columns} />
                  ))}
                  {data.entries.length === 0 && (
                    <tr>
                      <td colSpan={columns.span} className="muted" data-testid="leaderboard-page-empty">
                        No entries on page {data.page}: the board has {data.total}.
                      </td>
                    </tr>
                  )}
                  {data.viewerEntry && (
                    <>
                      <tr className="position-gap" aria-hidden="true">
                        <td colSpan={columns.span} className="muted small">
                          Your position
                        </td>
                      </tr>
                      <Row entry={data.viewerEntry} mine testId="leaderboard-viewer-row" columns={columns} />
                    </>
                  )}
                </tbody>
              </table>
            </div>
            <Pager slug={slug} page={data.page} pageSize={data.pageSize} total={data.total} />
            <p className="muted small">
              {data.phaseName}.{" "}
              <span data-testid="leaderboard-metric">
                Ranked by {data.rankedBy} of <code>{data.metricId}</code>.
              </span>{" "}
              {board === "public"
                ? `Each participant’s best public score counts; ${data.tieBreak === "shared-rank" ? "equal scores share a rank" : "ties go to the earlier submission"}.`
                : "Each participant is ranked by the private score of their best public submission, so the private set cannot be overfit by picking."}
            </p>
            {data.shift && <ShiftSection shift={data.shift} />}
            {data.statistics ? (
              <StatisticsSection statistics={data.statistics} higherIsBetter={data.higherIsBetter} board={board} />
            ) : (
              <p className="muted small" data-testid="statistics-pending">
                {data.ladder && board === "public"
                  ? "Intervals and rank statistics of the public board are shown once the test set is revealed (the Ladder hides exact public scores)."
                  : "Intervals and rank statistics appear once a worker has computed them for the scored entries."}
              </p>
            )}
          </>
        )
      )}
    </>
  );
}

/** Which optional columns the board has: statistics, one per condition value, the public/private shift. */
interface Columns {
  statistics: boolean;
  /** The scoring rule's further outputs, by key. */
  outputs: string[];
  conditions: string[];
  shift: boolean;
  span: number;
}

/** Best minus worst condition score (the transfer gap), over the conditions the entry has a score for. */
function spread(scores: Array<number | undefined>): string {
  const known = scores.filter((score): score is number => score !== undefined);
  return known.length < 2 ? "—" : formatScore(Math.max(...known) - Math.min(...known));
}

const formatRank = (rank: number) => (Number.isInteger(rank) ? String(rank) : rank.toFixed(1));

function Row({ entry: e, mine, columns, testId = "leaderboard-row" }: { entry: Entry; mine: boolean; columns: Columns; testId?: string }) {
  return (
    <tr data-testid={testId} className={[mine && "mine", e.isBaseline && "baseline"].filter(Boolean).join(" ") || undefined}>
      <td className="num">{e.rank}</td>
      <td>
        {e.participant} {e.isBaseline && <span className="badge neutral">baseline</span>}
        {mine && <span className="badge">you</span>}
        {e.committedModel && (
          <div className="muted small" data-testid="committed-model" title={`sha256 ${e.committedModel.sha256}`}>
            model {e.committedModel.sha256.slice(0, 12)}…, committed {formatDate(e.committedModel.committedAt)}
          </div>
        )}
      </td>
      <td className="num nowrap" data-testid="score-cell">
        {columns.statistics && e.stats ? formatInterval(e.score, e.stats.ci) : formatScore(e.score)}
      </td>
      {columns.outputs.map((key) => (
        <td key={key} className="num" data-testid="output-cell">
          {e.columns[key] === null || e.columns[key] === undefined ? "—" : formatScore(e.columns[key])}
        </td>
      ))}
      {columns.statistics && (
        <td className="num nowrap" data-testid="rank-cell">
          {e.stats ? `${formatRank(e.stats.medianRank)} [${formatRank(e.stats.rankInterval[0])}, ${formatRank(e.stats.rankInterval[1])}]` : "…"}
        </td>
      )}
      {columns.conditions.map((value) => (
        <td key={value} className="num">
          {e.stats?.conditions[value] === undefined ? "—" : formatScore(e.stats.conditions[value])}
        </td>
      ))}
      {columns.conditions.length > 1 && (
        <td className="num" data-testid="spread-cell">
          {spread(columns.conditions.map((value) => e.stats?.conditions[value]))}
        </td>
      )}
      {columns.shift && (
        <>
          <td className="num" data-testid="public-rank-cell">
            {e.shift ? (
              <>
                {e.shift.publicRank}{" "}
                <span className="muted small">{e.shift.publicRank === e.rank ? "=" : e.shift.publicRank > e.rank ? `↑${e.shift.publicRank - e.rank}` : `↓${e.rank - e.shift.publicRank}`}</span>
              </>
            ) : (
              "—"
            )}
          </td>
          <td className="num">{e.shift ? formatScore(e.shift.gap) : "—"}</td>
        </>
      )}
      <td className="num">{e.submissions}</td>
      <td className="nowrap">{formatDate(e.lastSubmissionAt)}</td>
    </tr>
  );
}

/** Previous/next and a few page numbers around the current one, as links the server renders. */
function Pager({ slug, page, pageSize, total }: { slug: string; page: number; pageSize: number; total: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages === 1 && page === 1) return null;
  const href = (n: number) => `/challenges/${slug}?tab=leaderboard&page=${n}`;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav className="pager" aria-label="Leaderboard pages" data-testid="leaderboard-pager">
      {page > 1 && (
        <Link href={href(Math.min(page - 1, pages))} scroll={false} rel="prev">
          ← Previous
        </Link>
      )}
      {shown.map((n, i) => (
        <span key={n}>
          {i > 0 && n - shown[i - 1]! > 1 && " … "}
          {n === page ? (
            <strong aria-current="page">{n}</strong>
          ) : (
            <Link href={href(n)} scroll={false}>
              {n}
            </Link>
          )}
        </span>
      ))}
      {page < pages && (
        <Link href={href(page + 1)} scroll={false} rel="next">
          Next →
        </Link>
      )}
      <span className="muted small">
        {" "}
        {total} {total === 1 ? "entry" : "entries"}
      </span>
    </nav>
  );
}

function StatisticsSection({ statistics, higherIsBetter, board }: { statistics: BoardStatisticsDto; higherIsBetter: boolean; board: Board }) {
  return (
    <section className="statistics" data-testid="board-statistics">
      <h2>How sure is this ranking?</h2>
      <p className="muted small">
        From {statistics.resamples.toLocaleString("en-US")} bootstrap resamples of the {statistics.images}{" "}
        {board === "public" ? "public" : "private"} test images (seed {statistics.seed}): each resample draws that many images with
        replacement and scores every entry again with the challenge’s metric. Computed {formatDate(statistics.computedAt)}.
      </p>
      <p data-testid="tied-with-leader">
        <strong>Statistically tied for first:</strong> {statistics.tiedWithLeader.join(", ") || "—"}{" "}
        <span className="muted small">
          (not distinguishable from the leader at α = {statistics.alpha},{" "}
          {statistics.test === "wilcoxon" ? "one-sided paired Wilcoxon signed-rank tests" : "paired bootstrap tests"}, Holm-adjusted)
        </span>
      </p>
      <p data-testid="kendall-tau">
        Kendall’s τ between resampled rankings and this one (median):{" "}
        <strong>{statistics.kendallTau === null ? "undefined" : statistics.kendallTau.toFixed(3)}</strong>
        <span className="muted small"> — 1 means every resample ranks the entries the same way.</span>
      </p>
      <IntervalChart statistics={statistics} higherIsBetter={higherIsBetter} />
      <BlobPlot statistics={statistics} />
      <SignificanceMap statistics={statistics} />
      <ConditionChart statistics={statistics} />
    </section>
  );
}

function ShiftSection({ shift }: { shift: RankShiftDto }) {
  return (
    <section className="statistics" data-testid="rank-shift">
      <h2>Public vs private</h2>
      <p>
        Kendall’s τ between the public and the private ranking:{" "}
        <strong data-testid="shift-tau">{shift.kendallTau === null ? "undefined" : shift.kendallTau.toFixed(3)}</strong>; mean public − private
        gap: <strong>{formatScore(shift.meanGap)}</strong>. Entries that fall on the private board were tuned to the public images.
      </p>
      <BumpChart shift={shift} />
    </section>
  );
}
