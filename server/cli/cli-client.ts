// What both command-line clients (npm run cli, the participants' scopebench) talk to the site
// with: a tRPC client with an API token, whose uploads draw their progress on stderr.
import { createTRPCClient, httpLink } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "../api/root";

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

/** fetch that reports upload progress for Blob bodies (streamed, never buffered); `quiet` draws nothing. */
function progressFetch(quiet = false): typeof fetch {
  return (input, init) => {
    const body = init?.body;
    if (!(body instanceof Blob) || quiet) return fetch(input, init);
    const total = body.size;
    let sent = 0;
    let lastDraw = 0;
    const draw = (done: boolean) => {
      const now = Date.now();
      if (!done && now - lastDraw < 100) return;
      lastDraw = now;
      const pct = total === 0 ? 100 : Math.floor((sent / total) * 100);
      const bar = "#".repeat(Math.floor(pct / 4)).padEnd(25, ".");
      process.stderr.write(`\rUploading [${bar}] ${pct}% ${formatBytes(sent)} / ${formatBytes(total)}${done ? "\n" : ""}`);
    };
    const counted = body.stream().pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          sent += chunk.byteLength;
          draw(false);
          controller.enqueue(chunk);
        },
        flush() {
          draw(true);
        },
      }),
    );
    return fetch(input, { ...init, body: counted, duplex: "half" } as RequestInit);
  };
}

/** A client of the site at `baseUrl` (its tRPC endpoints) as the token's user. */
export function createCliClient(baseUrl: string, token: string | undefined, options: { quiet?: boolean } = {}) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${baseUrl}/api/trpc`,
        transformer: superjson,
        headers: () => (token ? { authorization: `Bearer ${token}` } : {}),
        fetch: progressFetch(options.quiet),
      }),
    ],
  });
}
