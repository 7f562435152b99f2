// Readiness: 200 when this site process reaches the database, the queue and the blob store;
// 503 naming what it cannot reach. Liveness (no dependencies) is /api/health/live.
import { checkReadiness, readinessResponse } from "@/server/services/health/check-readiness";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET() {
  return readinessResponse(await checkReadiness(), { role: "site" });
}
