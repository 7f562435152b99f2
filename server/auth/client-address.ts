import net from "node:net";

/**
 * The client's address for sign-in throttling: the LAST entry of X-Forwarded-For.
 *
 * Why that header and that entry: route handlers do not see the socket. `next start` sets
 * X-Forwarded-For to the socket's address only when the request has none, and a reverse
 * proxy that appends ($proxy_add_x_forwarded_for in nginx) or sets it puts the address it
 * saw last, where a client cannot forge it. Without such a proxy a client can send its own
 * X-Forwarded-For and choose its address; the per-account limit still holds then. Run
 * production behind a proxy that sets or appends X-Forwarded-For.
 */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined>): string | null {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : raw;
  if (!value) return null;
  const last = value.split(",").pop()?.trim() ?? "";
  // "::ffff:127.0.0.1" and "127.0.0.1" are one client.
  const address = last.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return net.isIP(address) ? address.toLowerCase() : null;
}
