// The site uploads with XMLHttpRequest (for a progress bar) instead of tRPC's httpLink, so it
// reads /api/trpc's answers itself: checked here against the real handler, success and failure.
import { TRPCClientError } from "@trpc/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTrpcResponse } from "../../app/_trpc/upload-response";
import { appCode } from "../../app/_components/format";
import { handleTrpcRequest } from "../../server/api/handle-trpc-request";
import type { SessionUser } from "../../server/contracts/common";
import { uploadFrameBody } from "../../server/contracts/upload-frame";
import { disconnectPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { callerFor, createChallenge, createUser, PERFECT_TINY_SUBMISSION } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

/** What the browser's XMLHttpRequest sends: the octet body to /api/trpc/submission.create. */
async function upload(user: SessionUser | null, body: Blob): Promise<{ status: number; text: string }> {
  const req = new Request("http://localhost/api/trpc/submission.create", {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body,
  });
  const res = await handleTrpcRequest(req, async () => user);
  return { status: res.status, text: await res.text() };
}

describe("parseTrpcResponse", () => {
  let user: SessionUser;
  let slug: string;

  beforeAll(async () => {
    user = await createUser();
    slug = (await createChallenge({ dailyQuota: 1 })).slug;
  });

  it("should return the created submission, as the mutation hook would", async () => {
    const file = new Blob([PERFECT_TINY_SUBMISSION]);
    const { status, text } = await upload(user, uploadFrameBody({ challenge: slug, filename: "p.csv", kind: "prediction_csv" }, file));
    expect(status).toBe(200);
    const created = parseTrpcResponse(status, text) as { id: string };
    const stored = await callerFor(user).submission.byId({ id: created.id });
    expect(stored.filename).toBe("p.csv");
    expect(stored.createdAt).toBeInstanceOf(Date);
  });

  it("should throw the server's error as a TRPCClientError with its code and app code", async () => {
    const file = new Blob([PERFECT_TINY_SUBMISSION]);
    // The daily quota of one is used up by the test above.
    const over = await upload(user, uploadFrameBody({ challenge: slug, filename: "q.csv", kind: "prediction_csv" }, file));
    expect(over.status).toBe(429);
    let caught: unknown;
    try {
      parseTrpcResponse(over.status, over.text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TRPCClientError);
    expect(appCode(caught)).toBe("QUOTA_EXCEEDED");
    expect((caught as TRPCClientError<never>).data).toMatchObject({ code: "TOO_MANY_REQUESTS" });

    const anonymous = await upload(null, uploadFrameBody({ challenge: slug, filename: "r.csv", kind: "prediction_csv" }, file));
    expect(() => parseTrpcResponse(anonymous.status, anonymous.text)).toThrow("Sign in first.");
  });

  it("should name the status when the answer is not tRPC's (a proxy's error page)", () => {
    expect(() => parseTrpcResponse(502, "<html>Bad gateway</html>")).toThrow(/answered 502 without a readable response/);
    expect(() => parseTrpcResponse(200, '{"hello":1}')).toThrow(/answered 200 with a response that is not tRPC's/);
  });
});
