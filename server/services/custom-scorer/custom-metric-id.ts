// How a challenge names a custom scorer in its metricId: "custom:<scorerId>@<version>". No
// built-in id has a colon, so every reader that looks metrics up in the static registry
// (statistics, Ladder, leaderboard direction) finds none and falls back safely.
const CUSTOM_METRIC = /^custom:([a-z0-9][a-z0-9-]*)@(\d+\.\d+\.\d+)$/;

export function customMetricId(scorerId: string, version: string): string {
  return `custom:${scorerId}@${version}`;
}

export function parseCustomMetricId(metricId: string): { scorerId: string; version: string } | null {
  const match = CUSTOM_METRIC.exec(metricId);
  return match ? { scorerId: match[1]!, version: match[2]! } : null;
}
