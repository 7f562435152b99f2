"use client";
import { useSession } from "next-auth/react";
import { useState } from "react";
import { trpc } from "../_trpc/client";
import { errorMessage, formatDate, formatScore } from "./format";
import { LeaderboardChart } from "./leaderboard-chart";
import { useLeaderboardLive } from "./use-leaderboard-live";

type Board = "public" | "private";

/** Private scores wait for every phase (of any challenge) on the same test images. */
const privateHidden = (revealAt: Date | null | undefined) =>
  `The private leaderboard is revealed when every phase using these test images has closed${revealAt ? ` (${formatDate(revealAt)})` : ""}.`;

export function LeaderboardTab({ slug, viewerIsHost }: { slug: string; viewerIsHost: boolean }) {
  const { status } = useSession();
  const utils = trpc.useUtils();
  const [board, setBoard] = useState<Board>("public");
  // New scores arrive while people watch the board: conditional re-asks keep it current.
  const leaderboard = useLeaderboardLive({ challenge: slug, board });
  // Whether the private board may be shown is known from either board; the public one always loads.
  const publicBoard = useLeaderboardLive({ challenge: slug, board: "public" });
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
      ) : data && data.entries.length === 0 ? (
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
                  {data.entries.map((e) => {
                    const mine = me.data?.id === e.userId;
                    return (
                      <tr
                        key={e.userId}
                        data-testid="leaderboard-row"
                        className={[mine && "mine", e.isBaseline && "baseline"].filter(Boolean).join(" ") || undefined}
                      >
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
                  })}
                </tbody>
              </table>
            </div>
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
