// Server components' tRPC: the same router and context as /api/trpc, called in-process with the
// request's session, and the data they prefetch handed to the client's cache (create-t3-app's
// src/trpc/server.ts).
import "server-only";
import type { QueryClient } from "@tanstack/react-query";
import { createHydrationHelpers } from "@trpc/react-query/rsc";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { createCaller, type AppRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { getSessionUser } from "@/server/auth/next-session-user";
import type { SessionUser } from "@/server/contracts/common";
import { createQueryClient } from "./query-client";

/** One context per request: the session is resolved once however many procedures a page calls. */
const createContext = cache(async () =>
  createTRPCContext({ headers: new Headers(await headers()), resolveSession: getSessionUser }),
);

const getQueryClient = cache(createQueryClient);

export const { trpc: api, HydrateClient } = createHydrationHelpers<AppRouter>(createCaller(createContext), getQueryClient);

/** The signed-in user of this request, or null. */
export async function getViewer(): Promise<SessionUser | null> {
  return (await createContext()).session?.user ?? null;
}

/**
 * The key @trpc/react-query's hooks use for a query (its getQueryKeyInternal), so data a page
 * needs itself is fetched once and still hydrates the hook that polls it.
 */
function queryKeyOf(path: string, input: unknown): readonly unknown[] {
  return [path.split("."), { ...(input === undefined ? {} : { input }), type: "query" }];
}

/** Fetches through `call` into the request's query client (dehydrated by HydrateClient) and returns the data. */
export function fetchIntoCache<T>(path: string, input: unknown, call: () => Promise<T>): Promise<T> {
  const client: QueryClient = getQueryClient();
  return client.fetchQuery({ queryKey: queryKeyOf(path, input), queryFn: call });
}

/**
 * Unknown, hidden and malformed addresses answer like the API does (NOT_FOUND, or a bad slug
 * or id): as a real 404 page. Anything else goes to the nearest error boundary.
 */
export async function orNotFound<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

/** Like orNotFound, but null instead of the 404, for generateMetadata (the page itself answers 404). */
export async function orNull<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) return null;
    throw error;
  }
}
