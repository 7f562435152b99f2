"use client";
import { useMemo } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { LeaderboardDto } from "@/server/contracts/leaderboard";
import { formatDate, formatScore } from "./format";

interface ChartPoint {
  t: number;
  score: number;
  participant: string;
  /** The synthetic point at "now" that carries the last step to the present. */
  isNow: boolean;
}

const DAY_MS = 24 * 3600 * 1000;

export function LeaderboardChart({ history }: { history: LeaderboardDto["history"] }) {
  const data = useMemo<ChartPoint[]>(() => {
    const points = history
      .map((h) => ({ t: new Date(h.at).getTime(), score: h.score, participant: h.participant, isNow: false }))
      .sort((a, b) => a.t - b.t);
    const last = points.at(-1);
    const now = Date.now();
    // A step chart ends at its last change; without this the current leader's reign is invisible.
    if (last && last.t < now) points.push({ ...last, t: now, isNow: true });
    return points;
  }, [history]);

  const first = data[0];
  const last = data.at(-1);
  const spanMs = first && last ? last.t - first.t : 0;
  // Evenly spaced ticks: recharts labels only the two ends of a "dataMin"–"dataMax" time axis.
  const ticks = first && spanMs > 0 ? Array.from({ length: 5 }, (_, i) => first.t + (spanMs * i) / 4) : undefined;
  const formatTick = (t: number) =>
    spanMs < 2 * DAY_MS
      ? new Date(t).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
      : new Date(t).toLocaleDateString();

  return (
    <div className="chart" data-testid="leaderboard-chart">
      <h3>Leading public score over time</h3>
      <ResponsiveContainer width="100%" height={240}>
        <LineChart data={data} margin={{ top: 8, right: 24, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e2e6ee" />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={["dataMin", "dataMax"]}
            ticks={ticks}
            tickFormatter={formatTick}
            tick={{ fontSize: 12, fill: "#5c6577" }}
            minTickGap={40}
          />
          <YAxis
            domain={["auto", "auto"]}
            tickFormatter={(v: number) => v.toFixed(3)}
            tick={{ fontSize: 12, fill: "#5c6577" }}
            width={56}
          />
          <Tooltip
            content={({ active, label }) => {
              const point = active ? data.find((p) => p.t === label) : undefined;
              if (!point) return null;
              return (
                <div className="chart-tooltip">
                  <div>
                    <strong>{formatScore(point.score)}</strong> — {point.participant}
                  </div>
                  <div className="muted">{point.isNow ? "now" : formatDate(new Date(point.t))}</div>
                </div>
              );
            }}
          />
          <Line type="stepAfter" dataKey="score" stroke="#2f5bd3" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
