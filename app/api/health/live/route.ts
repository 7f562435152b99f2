// Liveness: the process answers HTTP. No dependency is checked, so an outage of the
// database does not get every site process restarted (that is what readiness is for).
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "live", role: "site" }, { headers: { "cache-control": "no-store" } });
}
