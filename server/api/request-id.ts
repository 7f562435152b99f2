// One id per HTTP request, for following it through the logs. A load balancer or client may
// send its own (x-request-id); it is kept when it looks like an id, and replaced otherwise,
// so a log line never carries an attacker's newline or a megabyte of header.
export const REQUEST_ID_HEADER = "x-request-id";

/** Letters, digits and the punctuation of UUIDs, ULIDs and common tracer ids; 8–128 chars. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:+/=-]{8,128}$/;

export function isSaneRequestId(value: string | null | undefined): value is string {
  return typeof value === "string" && SANE_REQUEST_ID.test(value);
}

/** The incoming id when sane, else a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const incoming = headers.get(REQUEST_ID_HEADER);
  return isSaneRequestId(incoming) ? incoming : crypto.randomUUID();
}
