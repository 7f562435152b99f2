"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChallengeDataDto } from "@/server/contracts/challenge";

type Stats = NonNullable<ChallengeDataDto["stats"]>;

function ChartCard({ title, hint, children, testId }: { title: string; hint?: string; children: React.ReactNode; testId: string }) {
  return (
    <div className="chart" data-testid={testId}>
      <div className="chart-title">{title}</div>
      {hint && <div className="muted small">{hint}</div>}
      <div style={{ width: "100%", height: 240 }}>{children}</div>
    </div>
  );
}

export function DatasetCharts({ stats }: { stats: Stats }) {
  return (
    <div className="chart-grid">
      {stats.byCondition && (
        <ChartCard title={`Images per ${stats.byCondition.column}`} hint="Training versus test (public and private together)." testId="chart-conditions">
          <ResponsiveContainer>
            <BarChart data={stats.byCondition.rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="value" tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Legend />
              <Bar dataKey="train" name="training" fill="#2f5bd3" isAnimationActive={false} />
              <Bar dataKey="test" name="test" fill="#f59e0b" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
      )}
      {stats.objectsPerImage && (
        <ChartCard title="Objects per training image" testId="chart-objects">
          <ResponsiveContainer>
            <BarChart data={stats.objectsPerImage} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="bin" tick={{ fontSize: 12 }} />
              <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
              <Tooltip />
              <Bar dataKey="images" name="images" fill="#2f5bd3" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
      )}
      {stats.labelFrequency && (
        <ChartCard title="Label frequency in training images" hint="Rare classes count as much as common ones in macro F1." testId="chart-labels">
          <ResponsiveContainer>
            <BarChart data={stats.labelFrequency} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} />
              <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
              <YAxis type="category" dataKey="name" width={170} interval={0} tick={{ fontSize: 10 }} />
              <Tooltip />
              <Bar dataKey="images" name="training images" fill="#16a34a" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </ChartCard>
      )}
      <ChartCard title="Image sizes" testId="chart-sizes">
        <ResponsiveContainer>
          <BarChart data={stats.sizes} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="size" tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Bar dataKey="images" name="images" fill="#64748b" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </ChartCard>
    </div>
  );
}
