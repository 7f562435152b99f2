import { TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

type SuperJSONResult = Parameters<typeof superjson.deserialize>[0];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/**
 * Reads /api/trpc's answer to a single (unbatched) call as tRPC's httpLink does with the
 * superjson transformer: `{ result: { data } }`, or `{ error }` thrown as the same
 * TRPCClientError the hooks give (so errorMessage and appCode read it alike).
 */
export function parseTrpcResponse(status: number, text: string): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw TRPCClientError.from<AppRouter>(new Error(`The server answered ${status} without a readable response; the upload did not go through.`));
  }
  if (isRecord(json) && "error" in json) {
    throw TRPCClientError.from<AppRouter>({ error: superjson.deserialize(json.error as SuperJSONResult) });
  }
  if (isRecord(json) && isRecord(json.result) && "data" in json.result) {
    return superjson.deserialize(json.result.data as SuperJSONResult);
  }
  throw TRPCClientError.from<AppRouter>(new Error(`The server answered ${status} with a response that is not tRPC's.`));
}
