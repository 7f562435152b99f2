"use client";
/**
 * The board's uncertainty and rank-stability charts, as hand-written inline SVG: they render
 * the same on the server and in the browser (no window, no measuring, no random ids), work
 * offline, and scale with their container through the viewBox.
 *
 * - IntervalChart: scores with their bootstrap 95 % intervals.
 * - BlobPlot: challengeR's blob plot of how often each entry lands at each rank.
 * - SignificanceMap: which better-ranked entry is significantly better than which.
 * - ConditionChart: score per condition value (microscope, stain, …) per entry.
 * - BumpChart: public rank versus private rank after the phase.
 */
import type { ReactNode } from "react";
import type { BoardStatisticsDto, RankShiftDto } from "@/server/contracts/leaderboard";
import { formatScore } from "./format";

/** The site's palette (app/globals.css :root), as literal colors so the SVG needs no stylesheet. */
const COLOR = {
  fg: "#1b2130",
  muted: "#5c6577",
  faint: "#8a92a3",
  line: "#e2e6ee",
  lineStrong: "#cfd5e1",
  stripe: "#f6f7fa",
  accent: "#2f5bd3",
  accentSoft: "#e8eefc",
  neutral: "#eef0f4",
  bad: "#b42318",
  card: "#ffffff",
} as const;

/** Distinct on white, in a rough order of distinctness (ConditionChart's series). */
const SERIES_COLORS = ["#2f5bd3", "#d97706", "#18794e", "#b42318", "#7c3aed", "#0e7490", "#a16207", "#db2777", "#475569", "#4d7c0f"] as const;
const SHAPES = ["circle", "square", "diamond", "triangle"] as const;
type Shape = (typeof SHAPES)[number];

const FONT = 12;
const SMALL_FONT = 11;

/** `0.412000 [0.398000, 0.427000]`: a score and its interval, all three with formatScore. */
export function formatInterval(score: number, ci: [number, number]): string {
  return `${formatScore(score)} [${formatScore(ci[0])}, ${formatScore(ci[1])}]`;
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Coordinates rounded to 0.01 px: smaller markup, and the same text wherever it is rendered. */
const px = (v: number) => Math.round(v * 100) / 100;

/** At most `max` characters (code points), with an ellipsis; the full name goes in a `<title>`. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

/** The range of the finite values, widened by `pad` of its span on each side (never empty). */
function paddedDomain(values: number[], pad: number): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) {
    const d = Math.abs(lo) * 0.05 || 0.05;
    lo -= d;
    hi += d;
  }
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

/** Round numbers (1, 2, 2.5, 5 × 10ᵏ apart) inside [lo, hi], about `count` of them. */
function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * magnitude;
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9 && ticks.length < 50; k++) {
    ticks.push(Number((k * step).toPrecision(12)));
  }
  return ticks;
}

const percent = (share: number) => {
  const p = Math.round(share * 100);
  return p === 0 && share > 0 ? "<1 %" : `${p} %`;
};

const formatP = (p: number) => (p >= 0.001 ? p.toFixed(4) : p.toExponential(1));

/** The rank (1-based) at quantile q of a row of rank counts. */
function rankQuantile(counts: number[], q: number): number | null {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total <= 0) return null;
  let cumulative = 0;
  for (let j = 0; j < counts.length; j++) {
    cumulative += counts[j] ?? 0;
    if (cumulative >= q * total - 1e-9) return j + 1;
  }
  return counts.length;
}

/** Labels at `ys` (sorted ascending) pushed down until they are at least `gap` apart. */
function spreadLabels(ys: number[], gap: number): number[] {
  const out: number[] = [];
  for (const y of ys) {
    const previous = out.at(-1);
    out.push(previous === undefined ? y : Math.max(y, previous + gap));
  }
  return out;
}

function Marker({ shape, x, y, size, color, hollow = false }: { shape: Shape; x: number; y: number; size: number; color: string; hollow?: boolean }) {
  const paint = hollow ? { fill: COLOR.card, stroke: color, strokeWidth: 1.5 } : { fill: color, stroke: COLOR.card, strokeWidth: 1 };
  switch (shape) {
    case "circle":
      return <circle cx={px(x)} cy={px(y)} r={px(size)} {...paint} />;
    case "square":
      return <rect x={px(x - size * 0.9)} y={px(y - size * 0.9)} width={px(size * 1.8)} height={px(size * 1.8)} {...paint} />;
    case "diamond":
      return <polygon points={`${px(x)},${px(y - size * 1.25)} ${px(x + size * 1.25)},${px(y)} ${px(x)},${px(y + size * 1.25)} ${px(x - size * 1.25)},${px(y)}`} {...paint} />;
    case "triangle":
      return <polygon points={`${px(x)},${px(y - size * 1.3)} ${px(x + size * 1.2)},${px(y + size * 0.9)} ${px(x - size * 1.2)},${px(y + size * 0.9)}`} {...paint} />;
  }
}

interface LegendItem {
  key: string;
  label: string;
  swatch: ReactNode;
}

function Legend({ items }: { items: LegendItem[] }) {
  return (
    <ul className="chart-legend">
      {items.map((item) => (
        <li key={item.key}>
          <svg width="22" height="14" viewBox="0 0 22 14" aria-hidden="true" focusable="false">
            {item.swatch}
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}

const swatchRect = (fill: string, stroke?: string) => <rect x="4" y="1" width="14" height="12" rx="2" fill={fill} stroke={stroke} />;
const swatchLine = (color: string, width = 2, dash?: string) => <line x1="1" y1="7" x2="21" y2="7" stroke={color} strokeWidth={width} strokeDasharray={dash} />;

/** The root of every chart: a card with a heading, the SVG, an optional legend and a one-line caption. */
function ChartFrame({ testId, heading, children, legend, caption }: { testId: string; heading: string; children: ReactNode; legend?: ReactNode; caption: ReactNode }) {
  return (
    <div className="chart ranking-chart" data-testid={testId}>
      <h3>{heading}</h3>
      {children}
      {legend}
      <p className="muted small">{caption}</p>
    </div>
  );
}

function ChartSvg({ width, height, label, children }: { width: number; height: number; label: string; children: ReactNode }) {
  return (
    <svg
      role="img"
      aria-label={label}
      viewBox={`0 0 ${px(width)} ${px(height)}`}
      width="100%"
      style={{ maxWidth: px(width), height: "auto" }}
      fontSize={FONT}
      fill={COLOR.fg}
    >
      <title>{label}</title>
      {children}
    </svg>
  );
}

// ---------------------------------------------------------------------------------------------
// 1. Scores with their bootstrap intervals

export function IntervalChart({ statistics, higherIsBetter }: { statistics: BoardStatisticsDto; higherIsBetter: boolean }) {
  const rows = statistics.top.slice(0, 20);
  if (rows.length === 0) return null;
  const tied = new Set(statistics.tiedWithLeader);
  const hasBaseline = rows.some((r) => r.isBaseline);

  const width = 700;
  const labelWidth = 180;
  const right = 28;
  const top = 8;
  const rowHeight = 24;
  const plotWidth = width - labelWidth - right;
  const plotBottom = top + rows.length * rowHeight;
  const height = plotBottom + 46;
  const [lo, hi] = paddedDomain(
    rows.flatMap((r) => [r.ci[0], r.ci[1], r.score]),
    0.04,
  );
  const x = (v: number) => px(labelWidth + ((v - lo) / (hi - lo)) * plotWidth);
  const ticks = niceTicks(lo, hi, 4);
  const label = `Scores of the top ${rows.length} entries with their bootstrap 95 % intervals; ${tied.size} statistically tied for first.`;

  return (
    <ChartFrame
      testId="interval-chart"
      heading="Scores and their 95 % intervals"
      legend={
        <Legend
          items={[
            { key: "tied", label: "statistically tied for first", swatch: <>{swatchLine(COLOR.accent, 3)}<circle cx="11" cy="7" r="4" fill={COLOR.accent} /></> },
            { key: "other", label: "other entries", swatch: <>{swatchLine(COLOR.fg, 3)}<circle cx="11" cy="7" r="4" fill={COLOR.fg} /></> },
            ...(hasBaseline
              ? [{ key: "baseline", label: "baseline", swatch: <>{swatchLine(COLOR.faint, 3, "4 3")}<circle cx="11" cy="7" r="4" fill={COLOR.faint} /></> }]
              : []),
          ]}
        />
      }
      caption={`Each dot is an entry’s score and each bar its bootstrap 95 % interval over ${statistics.resamples} resamples of the ${statistics.images} images; overlapping bars mean the order may not hold on other images. Blue entries are not significantly worse than the leader (α = ${statistics.alpha}).`}
    >
      <ChartSvg width={width} height={height} label={label}>
        {rows.map((r, i) =>
          i % 2 === 1 ? <rect key={`stripe-${i}`} x={0} y={px(top + i * rowHeight)} width={width} height={rowHeight} fill={COLOR.stripe} /> : null,
        )}
        {ticks.map((t) => (
          <line key={`grid-${t}`} x1={x(t)} x2={x(t)} y1={top} y2={plotBottom} stroke={COLOR.line} strokeDasharray="3 3" />
        ))}
        {rows.map((r, i) => {
          const isTied = tied.has(r.participant);
          const color = isTied ? COLOR.accent : r.isBaseline ? COLOR.faint : COLOR.fg;
          const cy = px(top + (i + 0.5) * rowHeight);
          const [low, high] = r.ci;
          return (
            <g key={`${i}-${r.participant}`} data-testid="interval-row" data-tied={isTied ? "true" : "false"} data-baseline={r.isBaseline ? "true" : "false"}>
              <title>{`${i + 1}. ${r.participant}${r.isBaseline ? " (baseline)" : ""}: ${formatInterval(r.score, r.ci)}${isTied ? ", statistically tied for first" : ""}`}</title>
              <text
                x={labelWidth - 12}
                y={cy}
                dy="0.35em"
                textAnchor="end"
                fill={r.isBaseline ? COLOR.muted : isTied ? COLOR.accent : COLOR.fg}
                fontWeight={isTied ? 600 : 400}
                fontStyle={r.isBaseline ? "italic" : undefined}
              >
                {truncate(r.participant, 24)}
              </text>
              <line x1={x(low)} x2={x(high)} y1={cy} y2={cy} stroke={color} strokeWidth={3} strokeLinecap="round" strokeDasharray={r.isBaseline ? "4 3" : undefined} opacity={0.75} />
              <line x1={x(low)} x2={x(low)} y1={cy - 5} y2={cy + 5} stroke={color} strokeWidth={1.5} />
              <line x1={x(high)} x2={x(high)} y1={cy - 5} y2={cy + 5} stroke={color} strokeWidth={1.5} />
              <circle cx={x(r.score)} cy={cy} r={4.5} fill={color} stroke={COLOR.card} strokeWidth={1.5} />
            </g>
          );
        })}
        <line x1={labelWidth} x2={labelWidth + plotWidth} y1={plotBottom} y2={plotBottom} stroke={COLOR.lineStrong} />
        {ticks.map((t) => (
          <g key={`tick-${t}`}>
            <line x1={x(t)} x2={x(t)} y1={plotBottom} y2={plotBottom + 4} stroke={COLOR.lineStrong} />
            <text x={x(t)} y={plotBottom + 16} textAnchor="middle" fontSize={SMALL_FONT} fill={COLOR.muted}>
              {formatScore(t)}
            </text>
          </g>
        ))}
        <text x={px(labelWidth + plotWidth / 2)} y={plotBottom + 36} textAnchor="middle" fontSize={SMALL_FONT} fill={COLOR.muted}>
          {`Score (${higherIsBetter ? "higher" : "lower"} is better)`}
        </text>
      </ChartSvg>
    </ChartFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// 2. Blob plot

export function BlobPlot({ statistics }: { statistics: BoardStatisticsDto }) {
  const { participants, counts, resamples } = statistics.rankFrequencies;
  const n = participants.length;
  if (n === 0) return null;
  const maxRank = Math.max(n, ...counts.map((row) => row.length));

  const colWidth = n <= 10 ? 44 : Math.max(22, Math.floor(600 / n));
  const rowHeight = Math.min(colWidth, 24);
  const maxRadius = Math.min(colWidth, rowHeight) / 2 - 1;
  const left = 72;
  const top = 10;
  const plotBottom = top + maxRank * rowHeight;
  const height = plotBottom + 104;
  const width = left + n * colWidth + 16;
  const cx = (i: number) => px(left + (i + 0.5) * colWidth);
  const cy = (rank: number) => px(top + (rank - 0.5) * rowHeight);
  const showRank = (rank: number) => maxRank <= 25 || rank === 1 || rank % 5 === 0;
  const label = `Blob plot: how often each of ${n} participants lands at each rank over ${resamples} bootstrap resamples.`;
  const blob = (share: number) => px(Math.max(0.8, maxRadius * Math.sqrt(share)));

  return (
    <ChartFrame
      testId="blob-plot"
      heading="Rank stability (blob plot)"
      legend={
        <Legend
          items={[
            ...[1, 0.5, 0.1].map((share) => ({
              key: `share-${share}`,
              label: `${share * 100} % of resamples`,
              swatch: <circle cx="11" cy="7" r={px(Math.min(6.5, 6.5 * Math.sqrt(share)))} fill={COLOR.accent} fillOpacity={0.7} />,
            })),
            {
              key: "median",
              label: "median rank and 95 % rank interval",
              swatch: (
                <>
                  <line x1="11" x2="11" y1="0" y2="14" stroke={COLOR.fg} strokeWidth={1.5} />
                  <path d="M7 3 L15 11 M15 3 L7 11" stroke={COLOR.fg} strokeWidth={2} />
                </>
              ),
            },
          ]}
        />
      }
      caption={`Each column is a participant (best first) and each row a rank: a circle’s area is the share of ${resamples} bootstrap resamples of the ${statistics.images} images that put the participant at that rank, so one big circle on the diagonal means a stable rank.`}
    >
      <ChartSvg width={width} height={height} label={label}>
        {Array.from({ length: maxRank }, (_, j) => (
          <g key={`rank-${j}`}>
            <line x1={left} x2={left + n * colWidth} y1={cy(j + 1)} y2={cy(j + 1)} stroke={COLOR.line} />
            {showRank(j + 1) && (
              <text x={left - 8} y={cy(j + 1)} dy="0.35em" textAnchor="end" fontSize={SMALL_FONT} fill={COLOR.muted}>
                {String(j + 1)}
              </text>
            )}
          </g>
        ))}
        {participants.map((_, i) => (
          <line key={`col-${i}`} x1={cx(i)} x2={cx(i)} y1={top} y2={plotBottom} stroke={COLOR.line} strokeDasharray="2 3" />
        ))}
        <rect x={left} y={top} width={n * colWidth} height={maxRank * rowHeight} fill="none" stroke={COLOR.lineStrong} />
        {participants.map((name, i) => {
          const row = counts[i] ?? [];
          const median = rankQuantile(row, 0.5);
          const low = rankQuantile(row, 0.025);
          const high = rankQuantile(row, 0.975);
          return (
            <g key={`p-${i}`} data-testid="blob-column">
              {row.map((count, j) =>
                count > 0 && resamples > 0 ? (
                  <circle key={j} data-testid="blob" cx={cx(i)} cy={cy(j + 1)} r={blob(count / resamples)} fill={COLOR.accent} fillOpacity={0.7}>
                    <title>{`${name}: rank ${j + 1} in ${percent(count / resamples)} of resamples`}</title>
                  </circle>
                ) : null,
              )}
              {median !== null && low !== null && high !== null && (
                <g data-testid="blob-median">
                  <title>{`${name}: median rank ${median}, 95 % of resamples between ranks ${low} and ${high}`}</title>
                  <line x1={cx(i)} x2={cx(i)} y1={cy(low)} y2={cy(high)} stroke={COLOR.fg} strokeWidth={1.5} />
                  <path
                    d={`M${px(cx(i) - 4)} ${px(cy(median) - 4)} L${px(cx(i) + 4)} ${px(cy(median) + 4)} M${px(cx(i) + 4)} ${px(cy(median) - 4)} L${px(cx(i) - 4)} ${px(cy(median) + 4)}`}
                    stroke={COLOR.fg}
                    strokeWidth={2}
                  />
                </g>
              )}
              <text
                x={cx(i)}
                y={plotBottom + 12}
                textAnchor="end"
                fontSize={SMALL_FONT}
                transform={`rotate(-45 ${cx(i)} ${plotBottom + 12})`}
              >
                <title>{name}</title>
                {truncate(name, 16)}
              </text>
            </g>
          );
        })}
        <text x={14} y={px((top + plotBottom) / 2)} textAnchor="middle" fontSize={SMALL_FONT} fill={COLOR.muted} transform={`rotate(-90 14 ${px((top + plotBottom) / 2)})`}>
          Rank (1 = best)
        </text>
        <text x={px(left + (n * colWidth) / 2)} y={height - 6} textAnchor="middle" fontSize={SMALL_FONT} fill={COLOR.muted}>
          Participant (reported ranking, best first)
        </text>
      </ChartSvg>
    </ChartFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// 3. Significance map

const TEST_DESCRIPTION: Record<BoardStatisticsDto["test"], string> = {
  wilcoxon: "one-sided paired Wilcoxon signed-rank test on per-image scores, Holm-adjusted",
  "paired-bootstrap": "paired bootstrap test (the metric is not a mean of per-image scores), Holm-adjusted",
};

export function SignificanceMap({ statistics }: { statistics: BoardStatisticsDto }) {
  const participants = statistics.rankFrequencies.participants;
  const n = participants.length;
  if (n < 2) return null;
  const index = new Map(participants.map((name, i) => [name, i]));

  const cell = n <= 10 ? 34 : Math.max(18, Math.floor(480 / n));
  const left = 170;
  const top = 104;
  const right = 84;
  const width = left + n * cell + right;
  const height = top + n * cell + 12;
  const cellX = (j: number) => px(left + j * cell);
  const cellY = (i: number) => px(top + i * cell);
  const significant = statistics.pairs.filter((p) => p.significant).length;
  const label = `Significance map of ${n} participants: ${significant} of ${statistics.pairs.length} pairs significantly different at α = ${statistics.alpha}.`;
  const test = TEST_DESCRIPTION[statistics.test];

  return (
    <ChartFrame
      testId="significance-map"
      heading="Pairwise significance"
      legend={
        <Legend
          items={[
            { key: "sig", label: `row significantly better than column (α = ${statistics.alpha})`, swatch: swatchRect(COLOR.accent) },
            { key: "ns", label: "not significant", swatch: swatchRect(COLOR.neutral, COLOR.lineStrong) },
          ]}
        />
      }
      caption={`Row participant (ranked higher) against column participant: a filled cell means the row is significantly better, by a ${test}, α = ${statistics.alpha}.`}
    >
      <ChartSvg width={width} height={height} label={label}>
        {participants.map((name, i) => (
          <g key={`label-${i}`}>
            <text x={left - 8} y={px(cellY(i) + cell / 2)} dy="0.35em" textAnchor="end" fontSize={SMALL_FONT}>
              <title>{name}</title>
              {truncate(name, 22)}
            </text>
            <text
              x={px(cellX(i) + cell / 2)}
              y={top - 8}
              fontSize={SMALL_FONT}
              transform={`rotate(-45 ${px(cellX(i) + cell / 2)} ${top - 8})`}
            >
              <title>{name}</title>
              {truncate(name, 16)}
            </text>
            <rect x={cellX(i) + 1} y={cellY(i) + 1} width={cell - 2} height={cell - 2} fill={COLOR.stripe} stroke={COLOR.line} />
          </g>
        ))}
        {statistics.pairs.map((pair, k) => {
          const i = index.get(pair.a);
          const j = index.get(pair.b);
          if (i === undefined || j === undefined) return null;
          return (
            <rect
              key={`pair-${k}`}
              data-testid="significance-cell"
              data-significant={pair.significant ? "true" : "false"}
              x={cellX(j) + 1}
              y={cellY(i) + 1}
              width={cell - 2}
              height={cell - 2}
              rx={2}
              fill={pair.significant ? COLOR.accent : COLOR.neutral}
              stroke={pair.significant ? COLOR.accent : COLOR.lineStrong}
            >
              <title>{`${pair.a} vs ${pair.b}: ${pair.significant ? `${pair.a} significantly better` : "not significant"} (p = ${formatP(pair.p)}, Holm-adjusted p = ${formatP(pair.pHolm)})`}</title>
            </rect>
          );
        })}
      </ChartSvg>
    </ChartFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// 4. Score per condition

export function ConditionChart({ statistics }: { statistics: BoardStatisticsDto }) {
  const conditions = statistics.conditions;
  if (!conditions || conditions.values.length === 0) return null;
  const entries = statistics.top.slice(0, 10);
  if (entries.length === 0) return null;
  const values = conditions.values;

  const width = 700;
  const left = 76;
  const right = 20;
  const top = 12;
  const plotHeight = 240;
  const plotBottom = top + plotHeight;
  const height = plotBottom + 64;
  const plotWidth = width - left - right;
  const band = plotWidth / values.length;
  const scores = entries.flatMap((e) => values.map((v) => e.conditions[v.value]).filter((s): s is number => s !== undefined));
  const [lo, hi] = paddedDomain(scores, 0.08);
  const ticks = niceTicks(lo, hi, 4);
  const y = (v: number) => px(top + (1 - (v - lo) / (hi - lo)) * plotHeight);
  // Side by side within a value, so equal scores do not hide one another.
  const dodge = Math.min(5, (band * 0.5) / Math.max(1, entries.length));
  const x = (k: number, s: number) => px(left + band * (k + 0.5) + (s - (entries.length - 1) / 2) * dodge);
  const label = `Score per ${conditions.column} for the top ${entries.length} entries.`;

  return (
    <ChartFrame
      testId="condition-chart"
      heading={`Score per ${conditions.column}`}
      legend={
        <Legend
          items={entries.map((e, s) => {
            const color = SERIES_COLORS[s % SERIES_COLORS.length]!;
            return {
              key: `${s}-${e.participant}`,
              label: `${e.participant}${e.isBaseline ? " (baseline)" : ""}`,
              swatch: (
                <>
                  {swatchLine(color, 2, e.isBaseline ? "4 3" : undefined)}
                  <Marker shape={SHAPES[s % SHAPES.length]!} x={11} y={7} size={4} color={color} />
                </>
              ),
            };
          })}
        />
      }
      caption={`Each line is one of the top ${entries.length} entries, scored on the images of each ${conditions.column} separately: a line that falls from one value to another shows a method that transfers poorly (a gap: too few images of that value).`}
    >
      <ChartSvg width={width} height={height} label={label}>
        {ticks.map((t) => (
          <g key={`tick-${t}`}>
            <line x1={left} x2={left + plotWidth} y1={y(t)} y2={y(t)} stroke={COLOR.line} strokeDasharray="3 3" />
            <text x={left - 8} y={y(t)} dy="0.35em" textAnchor="end" fontSize={SMALL_FONT} fill={COLOR.muted}>
              {formatScore(t)}
            </text>
          </g>
        ))}
        <line x1={left} x2={left + plotWidth} y1={plotBottom} y2={plotBottom} stroke={COLOR.lineStrong} />
        {values.map((v, k) => (
          <g key={`value-${k}`}>
            {k > 0 && <line x1={px(left + band * k)} x2={px(left + band * k)} y1={top} y2={plotBottom} stroke={COLOR.line} />}
            <text x={px(left + band * (k + 0.5))} y={plotBottom + 16} textAnchor="middle" fontSize={SMALL_FONT}>
              <title>{v.value}</title>
              {truncate(v.value, Math.max(6, Math.floor(band / 7)))}
            </text>
            {v.images !== null && (
              <text x={px(left + band * (k + 0.5))} y={plotBottom + 30} textAnchor="middle" fontSize={10} fill={COLOR.muted}>
                {`(${v.images} ${v.images === 1 ? "image" : "images"})`}
              </text>
            )}
          </g>
        ))}
        {entries.map((e, s) => {
          const color = SERIES_COLORS[s % SERIES_COLORS.length]!;
          const shape = SHAPES[s % SHAPES.length]!;
          let path = "";
          let previous = false;
          let segments = 0;
          values.forEach((v, k) => {
            const score = e.conditions[v.value];
            if (score === undefined) {
              previous = false;
              return;
            }
            if (previous) segments++;
            path += `${previous ? "L" : "M"}${x(k, s)} ${y(score)} `;
            previous = true;
          });
          return (
            <g key={`series-${s}`} data-testid="condition-series">
              <title>{e.participant}</title>
              {segments > 0 && <path d={path.trim()} fill="none" stroke={color} strokeWidth={2} strokeDasharray={e.isBaseline ? "4 3" : undefined} strokeLinejoin="round" />}
              {values.map((v, k) => {
                const score = e.conditions[v.value];
                return score === undefined ? null : (
                  <g key={`point-${k}`} data-testid="condition-point">
                    <title>{`${e.participant}, ${conditions.column} ${v.value}: ${formatScore(score)}`}</title>
                    <Marker shape={shape} x={x(k, s)} y={y(score)} size={4} color={color} />
                  </g>
                );
              })}
            </g>
          );
        })}
        {scores.length === 0 && (
          <text x={px(left + plotWidth / 2)} y={px(top + plotHeight / 2)} textAnchor="middle" fill={COLOR.muted}>
            {`No per-${conditions.column} scores yet.`}
          </text>
        )}
        <text x={16} y={px(top + plotHeight / 2)} textAnchor="middle" fontSize={SMALL_FONT} fill={COLOR.muted} transform={`rotate(-90 16 ${px(top + plotHeight / 2)})`}>
          Score
        </text>
        <text x={px(left + plotWidth / 2)} y={height - 8} textAnchor="middle" fontSize={SMALL_FONT} fill={COLOR.muted}>
          {conditions.column}
        </text>
      </ChartSvg>
    </ChartFrame>
  );
}

// ---------------------------------------------------------------------------------------------
// 5. Public versus private rank

/** A drop of this many ranks or more from the public to the private board is highlighted. */
const OVERFIT_DROP = 3;

export function BumpChart({ shift }: { shift: RankShiftDto }) {
  const entries = shift.entries;
  if (entries.length === 0) return null;

  const width = 640;
  const colLeft = 250;
  const colRight = 390;
  const top = 40;
  const step = 22;
  const labelGap = 16;
  // One row per rank down to the last shown private rank; public ranks further down the board
  // (an entry that rose from rank 45) follow in order after a break in the axis, one row each.
  const cutoff = Math.max(entries.length, ...entries.map((e) => e.privateRank));
  const far = [...new Set(entries.flatMap((e) => [e.publicRank, e.privateRank]).filter((r) => r > cutoff))].sort((a, b) => a - b);
  const breakGap = far.length > 0 ? 18 : 0;
  const breakY = px(top + (cutoff - 0.5) * step + breakGap / 2);
  const farIndex = new Map(far.map((r, k) => [r, k]));
  const y = (rank: number) => {
    const k = farIndex.get(rank);
    return px(k === undefined ? top + (rank - 1) * step : top + (cutoff + k) * step + breakGap);
  };
  const bottomY = far.length > 0 ? y(far.at(-1)!) : y(cutoff);

  const byPublic = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.publicRank - b.e.publicRank || a.i - b.i);
  const byPrivate = entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.privateRank - b.e.privateRank || a.i - b.i);
  const leftY = new Map<number, number>();
  spreadLabels(byPublic.map(({ e }) => y(e.publicRank)), labelGap).forEach((ly, k) => leftY.set(byPublic[k]!.i, ly));
  const rightY = new Map<number, number>();
  spreadLabels(byPrivate.map(({ e }) => y(e.privateRank)), labelGap).forEach((ly, k) => rightY.set(byPrivate[k]!.i, ly));
  const lowest = Math.max(bottomY, ...leftY.values(), ...rightY.values());
  const height = lowest + 20;

  const dropped = (e: RankShiftDto["entries"][number]) => e.privateRank - e.publicRank >= OVERFIT_DROP;
  const droppedCount = entries.filter(dropped).length;
  // The highlighted lines last, so they are drawn over the others.
  const order = entries.map((e, i) => ({ e, i })).sort((a, b) => Number(dropped(a.e)) - Number(dropped(b.e)) || a.i - b.i);
  const tau = shift.kendallTau === null ? "τ undefined" : `τ = ${shift.kendallTau.toFixed(2)}`;
  const label = `Public rank versus private rank of ${entries.length} participants; ${droppedCount} dropped ${OVERFIT_DROP} or more ranks; Kendall's ${tau}.`;
  const mid = (colLeft + colRight) / 2;

  return (
    <ChartFrame
      testId="bump-chart"
      heading="Public rank → private rank"
      legend={
        <Legend
          items={[
            { key: "dropped", label: `dropped ${OVERFIT_DROP} or more ranks (public images overfit?)`, swatch: swatchLine(COLOR.bad, 3) },
            { key: "other", label: "other entries", swatch: swatchLine(COLOR.faint, 2) },
          ]}
        />
      }
      caption={`Each line joins a participant’s public rank (left) to their private rank (right), best at the top${far.length > 0 ? " (below the break in the axes, ranks in order but not to scale)" : ""}; Kendall’s ${tau} between the two rankings, mean public − private score gap ${formatScore(shift.meanGap)}.`}
    >
      <ChartSvg width={width} height={height} label={label}>
        <text x={colLeft} y={14} textAnchor="middle" fontWeight={600}>
          Public
        </text>
        <text x={colRight} y={14} textAnchor="middle" fontWeight={600}>
          Private
        </text>
        <line x1={colLeft} x2={colLeft} y1={top - 8} y2={bottomY + 8} stroke={COLOR.line} />
        <line x1={colRight} x2={colRight} y1={top - 8} y2={bottomY + 8} stroke={COLOR.line} />
        {far.length > 0 &&
          [colLeft, colRight].map((cx) => (
            <g key={`break-${cx}`} data-testid="bump-axis-break">
              <title>{`Ranks below ${cutoff} in order, not to scale`}</title>
              <rect x={cx - 8} y={breakY - 4} width={16} height={8} fill={COLOR.card} />
              <path d={`M${cx - 7} ${breakY - 1} l14 -5 M${cx - 7} ${breakY + 5} l14 -5`} stroke={COLOR.faint} strokeWidth={1.5} />
            </g>
          ))}
        {order.map(({ e, i }) => {
          const isDropped = dropped(e);
          const color = isDropped ? COLOR.bad : COLOR.faint;
          const y1 = y(e.publicRank);
          const y2 = y(e.privateRank);
          const ly1 = leftY.get(i) ?? y1;
          const ly2 = rightY.get(i) ?? y2;
          return (
            <g key={`entry-${i}`} data-testid="bump-line" data-dropped={isDropped ? "true" : "false"}>
              <title>{`${e.participant}: public rank ${e.publicRank} → private rank ${e.privateRank} (public − private score ${formatScore(e.gap)})`}</title>
              <path d={`M${colLeft} ${y1} C${px(mid)} ${y1} ${px(mid)} ${y2} ${colRight} ${y2}`} fill="none" stroke={color} strokeWidth={isDropped ? 3 : 1.75} />
              <circle cx={colLeft} cy={y1} r={4} fill={color} />
              <circle cx={colRight} cy={y2} r={4} fill={color} />
              <line x1={colLeft - 6} y1={y1} x2={colLeft - 14} y2={ly1} stroke={COLOR.lineStrong} />
              <line x1={colRight + 6} y1={y2} x2={colRight + 14} y2={ly2} stroke={COLOR.lineStrong} />
              <text x={colLeft - 18} y={ly1} dy="0.35em" textAnchor="end" fontSize={SMALL_FONT} fill={isDropped ? COLOR.bad : COLOR.fg} fontWeight={isDropped ? 600 : 400}>
                {truncate(e.participant, 24)}
                <tspan dx={6} fill={COLOR.muted} fontWeight={400}>
                  {String(e.publicRank)}
                </tspan>
              </text>
              <text x={colRight + 18} y={ly2} dy="0.35em" fontSize={SMALL_FONT} fill={isDropped ? COLOR.bad : COLOR.fg} fontWeight={isDropped ? 600 : 400}>
                <tspan fill={COLOR.muted} fontWeight={400}>
                  {String(e.privateRank)}
                </tspan>
                <tspan dx={6}>{truncate(e.participant, 24)}</tspan>
              </text>
            </g>
          );
        })}
      </ChartSvg>
    </ChartFrame>
  );
}
