// Text that came from a client (an ImageId read from a file, a slug from a URL) and goes
// back into a message: shown on a page and stored in PostgreSQL, which refuses NUL in text.

/** C0 and C1 control characters and DEL; also lone surrogates, which are not valid UTF-8. */
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` with control characters shown as \u0000-style escapes and cut to `max` characters
 * (with "…"), so a message echoing it is always storable and readable.
 */
export function printable(text: string, max = 80, options: { keepNewlines?: boolean } = {}): string {
  const escaped = text.replace(UNPRINTABLE, (c) =>
    options.keepNewlines && (c === "\n" || c === "\t") ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  if (escaped.length <= max) return escaped;
  // Never cut inside an escape or a surrogate pair.
  let cut = escaped.slice(0, max);
  cut = cut.replace(/\\u?[0-9a-f]{0,3}$/, "").replace(/[\uD800-\uDBFF]$/, "");
  return `${cut}…`;
}
