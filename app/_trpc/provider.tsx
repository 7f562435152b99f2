"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { httpBatchLink, httpLink, isNonJsonSerializable, splitLink } from "@trpc/client";
import { SessionProvider } from "next-auth/react";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { MAX_TRPC_BATCH_SIZE } from "@/server/contracts/common";
import { trpc } from "./client";

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: 5_000, retry: 1 } } }),
  );
  const [trpcClient] = useState(() =>
    trpc.createClient({
      links: [
        // Uploads (Blob bodies) cannot be batched or JSON-encoded. Leaderboards go alone so
        // each has its own URL: the browser then revalidates it with If-None-Match (304).
        splitLink({
          condition: (op) => isNonJsonSerializable(op.input) || op.path === "leaderboard.get",
          true: httpLink({ url: "/api/trpc", transformer: superjson }),
          // The server refuses larger batches (server/api/handle-trpc-request.ts).
          false: httpBatchLink({ url: "/api/trpc", transformer: superjson, maxItems: MAX_TRPC_BATCH_SIZE }),
        }),
      ],
    }),
  );
  return (
    <SessionProvider>
      <trpc.Provider client={trpcClient} queryClient={queryClient}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </trpc.Provider>
    </SessionProvider>
  );
}
