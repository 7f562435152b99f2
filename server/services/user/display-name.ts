/**
 * Rules for the names shown on leaderboards. Pure: the sign-up contract, GitHub sign-in and
 * create-admin apply them; baseline names come from the database and are passed in.
 */

const MAX_DISPLAY_NAME_LENGTH = 100;

/** Baseline accounts (server/services/seed/seed-demo-challenges.ts) have emails ending in this. */
export const BASELINE_EMAIL_SUFFIX = "@scopebench.invalid";

/**
 * Names nobody may take: they would pass for the platform or its staff. Compared after
 * canonicalName(), so "ADMIN", "Ａｄｍｉｎ" (full width) and "ad\u200Bmin" all match.
 */
const RESERVED_NAMES = [
  "admin",
  "administrator",
  "root",
  "system",
  "scopebench",
  "scopebench team",
  "scopebench admin",
  "host",
  "challenge host",
  "organizer",
  "organiser",
  "moderator",
  "staff",
  "support",
  "baseline",
  "official",
] as const;

/** Directional formatting (embeddings, overrides, isolates, marks): they can reorder a name on screen. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
/** C0 and C1 controls (NUL, tab, newline, escape …). */
const CONTROL = /\p{Cc}/u;
/**
 * Characters that draw nothing: format characters (zero-width space/joiners, soft hyphen,
 * word joiner, BOM …), separators and whitespace, combining marks on their own, and the
 * "blank" letters (Hangul fillers, braille blank) used to fake empty names.
 */
const INVISIBLE = /[\p{Cf}\p{Z}\s\p{M}\u115F\u1160\u3164\uFFA0\u2800]/gu;
const FORMAT = /\p{Cf}/gu;
/** Half of a surrogate pair without the other half (no `u` flag: it must see code units). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The stored form: NFC (so one name has one spelling), trimmed. */
export function normaliseDisplayName(raw: string): string {
  return raw.normalize("NFC").trim();
}

/**
 * The form names are compared in: compatibility-folded (NFKC: full-width and ligature forms
 * become plain letters), case-folded (upper then lower, so "ß" meets "SS"), format
 * characters dropped, whitespace collapsed.
 */
export function canonicalName(name: string): string {
  return name
    .normalize("NFKC")
    .toUpperCase()
    .toLowerCase()
    .replace(FORMAT, "")
    .replace(/[\s\p{Z}]+/gu, " ")
    .trim();
}

export type DisplayNameProblem = "malformed" | "empty" | "too_long" | "bidi" | "control" | "invisible" | "reserved" | "baseline";

export const DISPLAY_NAME_MESSAGES: Record<DisplayNameProblem, string> = {
  malformed: "Names must be valid Unicode text (this one has a lone surrogate)",
  empty: "Enter your name",
  too_long: `Use at most ${MAX_DISPLAY_NAME_LENGTH} characters for your name`,
  bidi: "Names cannot contain text-direction controls (they can make a name display as something else)",
  control: "Names cannot contain control characters (tab, newline and the like)",
  invisible: "Enter a name with visible characters",
  reserved: "That name is reserved for the platform; choose another",
  baseline: "That name belongs to one of the platform's baselines; choose another",
};

/** What is wrong with a name as typed, or null. `baselineNames` are the baseline accounts' names. */
export function displayNameProblem(raw: string, options: { baselineNames?: readonly string[]; allowReserved?: boolean } = {}): DisplayNameProblem | null {
  // A lone surrogate cannot be stored as UTF-8 (the driver would turn it into U+FFFD).
  if (new RegExp(LONE_SURROGATE.source).test(raw)) return "malformed";
  if (BIDI_CONTROL.test(raw)) return "bidi";
  if (CONTROL.test(raw)) return "control";
  const name = normaliseDisplayName(raw);
  if (name.length === 0) return "empty";
  if (name.length > MAX_DISPLAY_NAME_LENGTH) return "too_long";
  if (name.replace(INVISIBLE, "").length === 0) return "invisible";
  const canonical = canonicalName(name);
  if (!options.allowReserved && (RESERVED_NAMES as readonly string[]).includes(canonical)) return "reserved";
  if (options.baselineNames?.some((b) => canonicalName(b) === canonical)) return "baseline";
  return null;
}

/**
 * For names we do not choose (a GitHub profile): rather than refuse a sign-in, drop what is
 * not allowed and fall back when nothing usable is left.
 */
export function sanitiseDisplayName(raw: string, options: { fallback: string; baselineNames?: readonly string[] }): string {
  const cleaned = normaliseDisplayName(
    raw
      .replace(LONE_SURROGATE, "")
      .replace(new RegExp(BIDI_CONTROL.source, "gu"), "")
      .replace(new RegExp(CONTROL.source, "gu"), " ")
      .replace(FORMAT, "")
      .replace(/[\s\p{Z}]+/gu, " "),
  ).slice(0, MAX_DISPLAY_NAME_LENGTH).trim();
  return displayNameProblem(cleaned, { baselineNames: options.baselineNames }) === null ? cleaned : options.fallback;
}
