"use client";
import { useSession } from "next-auth/react";
import Link from "next/link";
import { useState } from "react";
import type { LeaderboardDto } from "@/server/contracts/leaderboard";
import { trpc } from "../_trpc/client";
import { errorMessage, formatDate, formatScore } from "./format";
import { LeaderboardChart } from "./leaderboard-chart";
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
export function LeaderboardTab({ slug, viewerIsHost, page }: { slug: string; viewerIsHost: boolean; page: number }) {
  const { status } = useSession();
  const utils = trpc.useUtils();
  const [board, setBoard] = useState<Board>("public");
  // New scores arrive while people watch the board: conditional re-asks keep it current.
  // Same input as the page's prefetch (app/challenges/[slug]/page.tsx), so the first render has it.
  const leaderboard = useLeaderboardLive({ challenge: slug, board, page });
  // Whether the private board may be shown is known from either board; the public one always loads.
  const publicBoard = useLeaderboardLive({ challenge: slug, board: "public", page });
  const privateAvailable = publicBoard.data?.privateAvailable ?? false;
  const PRIVATE_HIDDEN = privateHidden(publicBoard.data?.revealAt);
  const me = trpc.user.me.useQuery(undefined, { enabled: status === "authenticated" });
  const rescore = trpc.submission.rescorePhase.useMutation({
    onSuccess: () => utils.leaderboard.get.invalidate({ challenge: slug }),
  });

  const data = leaderboard.data;
  return (
    <>
      <div className="toolbar">
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
          <button
            type="button"
            className="secondary"
            disabled={rescore.isPending}
            data-testid="rescore-phase"
            onClick={() => {
              if (confirm(`Re-score every submission of ${data.phaseName}? The leaderboard changes as they finish.`)) {
                rescore.mutate({ phaseId: data.phaseId });
              }
            }}
          >
            {rescore.isPending ? "Queuing…" : "Re-score all submissions of this phase"}
          </button>
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
            {data.history.length > 0 && <LeaderboardChart history={data.history} />}
            <div className="table-wrap">
              <table data-testid="leaderboard-table">
                <thead>
                  <tr>
                    <th className="num">Rank</th>
                    <th>Participant</th>
                    <th className="num" title={data.higherIsBetter ? "higher is better" : "lower is better"}>
                      Score {data.higherIsBetter ? "↑" : "↓"}
                    </th>
                    <th className="num">Submissions</th>
                    <th>Last submission</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => (
                    <Row key={e.userId} entry={e} mine={me.data?.id === e.userId} />
                  ))}
                  {data.entries.length === 0 && (
                    <tr>
                      <td colSpan={5} className="muted" data-testid="leaderboard-page-empty">
                        No entries on page {data.page}: the board has {data.total}.
                      </td>
                    </tr>
                  )}
                  {data.viewerEntry && (
                    <>
                      <tr className="position-gap" aria-hidden="true">
                        <td colSpan={5} className="muted small">
                          Your position
                        </td>
                      </tr>
                      <Row entry={data.viewerEntry} mine testId="leaderboard-viewer-row" />
                    </>
                  )}
                </tbody>
              </table>
            </div>
            <Pager slug={slug} page={data.page} pageSize={data.pageSize} total={data.total} />
            <p className="muted small">
              {data.phaseName}.{" "}
              {board === "public"
                ? "Each participant’s best public score counts; ties go to the earlier submission."
                : "Each participant is ranked by the private score of their best public submission, so the private set cannot be overfit by picking."}
            </p>
          </>
        )
      )}
    </>
  );
}

function Row({ entry: e, mine, testId = "leaderboard-row" }: { entry: Entry; mine: boolean; testId?: string }) {
  return (
    <tr data-testid={testId} className={[mine && "mine", e.isBaseline && "baseline"].filter(Boolean).join(" ") || undefined}>
      <td className="num">{e.rank}</td>
      <td>
        {e.participant} {e.isBaseline && <span className="badge neutral">baseline</span>}
        {mine && <span className="badge">you</span>}
      </td>
      <td className="num">{formatScore(e.score)}</td>
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
