export const formatScore = (score: number | null | undefined) => (score === null || score === undefined ? "—" : score.toFixed(6));

export const formatDate = (date: Date | string | null | undefined) => (date ? new Date(date).toLocaleString() : "—");

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** tRPC errors carry the server's message, which services write for people. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : "Something went wrong.";
}
