import { isServer, QueryClient } from "@tanstack/react-query";
import superjson from "superjson";

/**
 * One factory for the server's per-request query client and the browser's: what a server
 * component prefetches is dehydrated with superjson (Dates survive) and hydrated into the
 * browser's cache under the same keys the tRPC hooks use (create-t3-app's query-client.ts).
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Long enough that hydrated data is not fetched again as soon as the page mounts. The
      // server does not retry: an unknown slug is a 404 at once, not after a retry's delay.
      queries: { staleTime: 30_000, retry: isServer ? false : 1 },
      // Only finished queries are handed over: pages await their prefetches, so the HTML is
      // complete, and a layout's boundary never passes on a page's query still in flight.
      dehydrate: { serializeData: superjson.serialize },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
