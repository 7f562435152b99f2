import { handleTrpcRequest } from "@/server/api/handle-trpc-request";
import { getSessionUser } from "@/server/auth/next-session-user";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function handler(req: Request) {
  return handleTrpcRequest(req, getSessionUser);
}

export { handler as GET, handler as POST };
