import { participantCliResponse } from "@/server/api/participant-cli-response";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(_req: Request, context: { params: Promise<{ file: string }> }) {
  return participantCliResponse((await context.params).file);
}
