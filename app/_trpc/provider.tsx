"use client";
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { httpBatchLink, httpLink, isNonJsonSerializable, splitLink } from "@trpc/client";
import type { Session } from "next-auth";
import { SessionProvider } from "next-auth/react";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { MAX_TRPC_BATCH_SIZE } from "@/server/contracts/common";
import { trpc } from "./client";
import { createQueryClient } from "./query-client";

let browserQueryClient: QueryClient | undefined;

/** A new client per server render (no data shared between requests); one for the browser's whole visit. */
function getQueryClient(): QueryClient {
  if (typeof window === "undefined") return createQueryClient();
  browserQueryClient ??= createQueryClient();
  return browserQueryClient;
}

/**
 * `session` comes from the server's render of the request, so the first HTML already shows the
 * visitor as signed in or not (next-auth would otherwise report "loading" until it asked).
 */
export function Providers({ children, session }: { children: ReactNode; session: Session | null }) {
  const [queryClient] = useState(getQueryClient);
  const [trpcClient] = useState(() =>
    trpc.createClient({
      links: [
        // Uploads (Blob bodies) cannot be batched or JSON-encoded.
        splitLink({
          condition: (op) => isNonJsonSerializable(op.input),
          true: httpLink({ url: "/api/trpc", transformer: superjson }),
          // The server refuses larger batches (server/api/handle-trpc-request.ts).
          false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_TRPC_BATCH_SIZE }),
        }),
      ],
    }),
  );
  return (
    <SessionProvider session={session}>
      <trpc.Provider client={trpcClient} queryClient={queryClient}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </trpc.Provider>
    </SessionProvider>
  );
}
