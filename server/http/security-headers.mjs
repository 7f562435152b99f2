// The security headers of every page and API response: next.config.js gives them to Next's
// responses, and the site server (site-handler.ts) to the ones it answers itself. Plain
// JavaScript because next.config.js imports it as it is.

/**
 * Security headers on every page and API response. The policy allows nothing from other
 * origins. The App Router streams its payload through inline <script> tags, so scripts need
 * 'unsafe-inline' (nonces would make every page dynamic); the dev server's hot reload also
 * needs eval and a websocket. Styles: recharts and our components set inline style
 * attributes. Images: data: and blob: for the gallery and charts' previews.
 */
export function securityHeaders(dev) {
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "worker-src 'self' blob:",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
  return [
    { key: "Content-Security-Policy", value: csp },
    // For browsers that predate frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
    { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  ];
}
