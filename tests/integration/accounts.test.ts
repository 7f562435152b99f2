import { afterAll, describe, expect, it } from "vitest";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { getChallengeDownload } from "../../server/services/challenge/get-challenge-download";
import { createAdmin } from "../../server/services/user/create-admin";
import { verifyCredentials } from "../../server/services/user/verify-credentials";
import { callerFor, createChallenge } from "../support/fixtures";

afterAll(async () => {
  await disconnectPrisma();
});

describe("accounts", () => {
  it("should sign up, refuse a duplicate email clearly, and check passwords", async () => {
    const email = `Someone-${Date.now()}@Example.org`;
    const user = await callerFor(null).user.signUp({ email, name: "Someone", password: "long enough" });
    expect(user).toMatchObject({ email: email.toLowerCase(), role: "participant" });
    await expect(callerFor(null).user.signUp({ email, name: "Again", password: "long enough" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: `An account with ${email.toLowerCase()} already exists. Sign in instead.`,
    });
    expect(await verifyCredentials(email, "long enough")).toMatchObject({ id: user.id });
    expect(await verifyCredentials(email, "wrong password")).toBeNull();
  });

  it("should explain what is wrong with a sign-up form", async () => {
    await expect(callerFor(null).user.signUp({ email: "not-an-email", name: "", password: "short" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("should make the first administrator and refuse a second without --force", async () => {
    // The integration files share one database and others (job-kill) make administrators:
    // start from a database without one, as on a fresh install.
    await getPrisma().user.updateMany({ where: { role: "admin" }, data: { role: "host" } });
    const admin = await createAdmin({ email: `admin-${Date.now()}@example.org`, name: "Admin", password: "admin password" });
    expect(admin.role).toBe("admin");
    await expect(createAdmin({ email: `other-${Date.now()}@example.org`, name: "Other", password: "other password" })).rejects.toThrow(
      /already exists; pass --force/,
    );
  });
});

describe("hidden truth", () => {
  it("should never be downloadable through a challenge's files", async () => {
    const challenge = await createChallenge();
    for (const name of ["truth.csv", "../../truth/x/truth.csv", "..%2Ftruth", "sample_submission.csv", ""]) {
      await expect(getChallengeDownload({ slug: challenge.slug, name, user: null })).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});
