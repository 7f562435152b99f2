import { isTRPCClientError } from "@trpc/client";
import type { AppRouter } from "@/server/api/root";

export const formatScore = (score: number | null | undefined) =>
  score === null || score === undefined ? "—" : score.toFixed(6);

/**
 * The same text on the server and in the browser (a locale- or time-zone-dependent one would
 * differ between the server's HTML and the hydrating client).
 */
export function formatDate(date: Date | string | null | undefined): string {
  if (!date) return "—";
  const d = new Date(date);
  return Number.isNaN(d.getTime()) ? "—" : `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

/** Scorer side values are counts (tp, fp, …) or rates; counts read better without decimals. */
export function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(4);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Services write their error messages for people, so they are shown as they are. Input
 * validation errors arrive as a zod dump in `message`; their flattened field messages read
 * better.
 */
export function errorMessage(error: unknown): string {
  if (isTRPCClientError<AppRouter>(error)) {
    const zod = error.data?.zodError;
    if (zod) {
      const messages = [...zod.formErrors, ...Object.values<string[] | undefined>(zod.fieldErrors).flatMap((m) => m ?? [])];
      if (messages.length > 0) return messages.join("\n");
    }
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong.";
}

/** The AppError code the server attached (QUOTA_EXCEEDED, PHASE_CLOSED, …), if any. */
export function appCode(error: unknown): string | null {
  return isTRPCClientError<AppRouter>(error) ? (error.data?.appCode ?? null) : null;
}
