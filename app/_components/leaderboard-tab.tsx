"use client";
import { useState } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { trpc } from "../_trpc/client";
import { errorMessage, formatDate, formatScore } from "./format";

export function LeaderboardTab({ slug, viewerIsHost, phaseId }: { slug: string; viewerIsHost: boolean; phaseId?: string }) {
  const [board, setBoard] = useState<"public" | "private">("public");
  const leaderboard = trpc.leaderboard.get.useQuery({ challenge: slug, board }, { refetchInterval: 10_000 });
  const rescore = trpc.submission.rescorePhase.useMutation();
  const publicBoard = trpc.leaderboard.get.useQuery({ challenge: slug, board: "public" });
  const privateAvailable = publicBoard.data?.privateAvailable ?? false;

  const history = (leaderboard.data?.history ?? []).map((p) => ({ t: new Date(p.at).getTime(), score: p.score, who: p.participant }));
  return (
    <>
      <div className="row" style={{ marginBottom: "1rem" }}>
        <button className={board === "public" ? "" : "secondary"} onClick={() => setBoard("public")}>Public leaderboard</button>
        <button
          className={board === "private" ? "" : "secondary"}
          disabled={!privateAvailable}
          title={privateAvailable ? "" : "Revealed when the phase ends"}
          onClick={() => setBoard("private")}
        >
          Private leaderboard
        </button>
        {!privateAvailable && <span className="muted">The private leaderboard is revealed when the phase ends.</span>}
        <div className="spacer" />
        {viewerIsHost && phaseId && (
          <button
            className="secondary"
            disabled={rescore.isPending}
            onClick={() => {
              if (confirm("Re-score every finished submission of this phase?")) rescore.mutate({ phaseId });
            }}
          >
            Re-score all submissions of this phase
          </button>
        )}
      </div>
      {rescore.data && <div className="ok-box">{rescore.data.requeued} submissions queued for re-scoring.</div>}
      {rescore.error && <div className="error-box">{errorMessage(rescore.error)}</div>}
      {leaderboard.error && <div className="error-box">{leaderboard.error.message}</div>}
      {history.length > 0 && (
        <div className="chart" data-testid="leaderboard-chart">
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={history} margin={{ top: 10, right: 20, bottom: 10, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" stroke="#e2e6ee" />
              <XAxis dataKey="t" type="number" scale="time" domain={["dataMin", "dataMax"]} tickFormatter={(t: number) => new Date(t).toLocaleDateString()} />
              <YAxis domain={["auto", "auto"]} tickFormatter={(v: number) => v.toFixed(2)} />
              <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} formatter={(v) => [Number(v).toFixed(6), "leading score"]} />
              <Line type="stepAfter" dataKey="score" stroke="#2f5bd3" strokeWidth={2} dot />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      {leaderboard.data && leaderboard.data.entries.length === 0 ? (
        <p className="muted">No scored submissions yet — be the first.</p>
      ) : (
        <table data-testid="leaderboard-table">
          <thead>
            <tr>
              <th className="num">Rank</th>
              <th>Participant</th>
              <th className="num">{board === "public" ? "Public" : "Private"} score</th>
              <th className="num">Submissions</th>
              <th>Last submission</th>
            </tr>
          </thead>
          <tbody>
            {leaderboard.data?.entries.map((e) => (
              <tr key={e.userId} data-testid="leaderboard-row">
                <td className="num">{e.rank}</td>
                <td>
                  {e.participant} {e.isBaseline && <span className="badge">baseline</span>}
                </td>
                <td className="num">{formatScore(e.score)}</td>
                <td className="num">{e.submissions}</td>
                <td>{formatDate(e.lastSubmissionAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
