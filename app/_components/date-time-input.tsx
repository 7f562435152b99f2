"use client";
// Dates and times as people mean them: in their own time zone, shown next to the field, and
// sent as an instant (a Date; superjson carries it as ISO 8601). A plain date field used to
// mean 00:00 UTC of that day, which is not midnight anywhere east or west of Greenwich.
import { useState, useSyncExternalStore } from "react";
import { formatDate } from "./format";

const subscribeNever = () => () => undefined;

/** The browser's IANA time zone; null while rendering on the server, whose zone is not the reader's. */
function useBrowserTimeZone(): string | null {
  return useSyncExternalStore(subscribeNever, () => Intl.DateTimeFormat().resolvedOptions().timeZone, () => null);
}

const FIELD_STYLE = { font: "inherit", padding: "0.45rem 0.65rem", border: "1px solid var(--line-strong)", borderRadius: 7, width: "100%", background: "#fff", color: "var(--fg)" } as const;

const pad = (n: number) => String(n).padStart(2, "0");

/** "2026-12-02T22:00" in the browser's zone: what a datetime-local field holds. */
function toLocalInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The instant a datetime-local value means in the browser's zone (ECMAScript reads a date-time without offset as local), or null. */
function fromLocalInputValue(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "UTC+01:00" for the browser's offset at `date` (it changes with daylight saving time). */
function offsetOf(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? "−" : "+";
  return `UTC${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

/**
 * A date and time in the reader's time zone. `value` is the instant (null while what is typed
 * is not a complete date and time); the zone and the UTC equivalent are shown under the field.
 */
export function DateTimeInput({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: Date | null;
  onChange: (value: Date | null) => void;
  testId?: string;
}) {
  const zone = useBrowserTimeZone();
  // What the person typed, kept while it is incomplete (the field would otherwise reset).
  const [typed, setTyped] = useState<string | null>(null);
  const shown = typed ?? (zone !== null && value ? toLocalInputValue(value) : "");
  return (
    <label>
      {label}
      <input
        type="datetime-local"
        required
        // globals.css styles text and number fields only; this matches them.
        style={FIELD_STYLE}
        disabled={zone === null}
        value={shown}
        data-testid={testId}
        onChange={(e) => {
          setTyped(e.target.value);
          onChange(fromLocalInputValue(e.target.value));
        }}
      />
      <span className="muted small" data-testid={testId ? `${testId}-zone` : undefined}>
        {zone === null
          ? "\u00a0"
          : value
            ? `your time zone, ${zone} (${offsetOf(value)}); that is ${formatDate(value)}`
            : `your time zone, ${zone}: enter a date and a time`}
      </span>
    </label>
  );
}
