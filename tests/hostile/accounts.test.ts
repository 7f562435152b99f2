// The hostile corpus, accounts: what an attacker tried against sign-in and sign-up (200 wrong
// passwords in a row, callbackUrl tricks, a cookie kept after sign-out, 73-byte passwords,
// timing of unknown emails, names that hide or impersonate). Every case gets the specific
// clear answer and stores nothing; the platform still scores afterwards.
import crypto from "node:crypto";
import bcrypt from "bcryptjs";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { sameOriginPath as safeCallback } from "../../server/auth/same-origin";
import { sameOriginUrl } from "../../server/auth/same-origin";
import { newSessionFields, type SessionClaims } from "../../server/auth/session-claims";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { createAdmin } from "../../server/services/user/create-admin";
import { endSession } from "../../server/services/user/end-session";
import { githubSignIn } from "../../server/services/user/github-sign-in";
import { hashPassword } from "../../server/services/user/password";
import { resolveSessionUser } from "../../server/services/user/resolve-session-user";
import { accountThrottleKey, SIGN_IN_LIMITS } from "../../server/services/user/sign-in-throttle";
import { signInWithPassword } from "../../server/services/user/sign-in-with-password";
import { verifyCredentials } from "../../server/services/user/verify-credentials";
import { callerFor, createUser } from "../support/fixtures";
import { expectNothingStored, expectStillScores, storageSnapshot } from "./support";

const PASSWORD = "correct horse battery";
const ACCOUNT_LOCKED = /^Too many sign-in attempts for this account; try again in 15 minutes\.$/;
const ADDRESS_LOCKED = /^Too many sign-in attempts from your network; try again in 15 minutes\.$/;

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function tag(): string {
  return crypto.randomBytes(4).toString("hex");
}

/** A fresh address from TEST-NET-3, so one case's counts never meet another's. */
function address(): string {
  const [a, b] = crypto.randomBytes(2);
  return `203.0.${a}.${b}`;
}

async function userWithPassword(password = PASSWORD): Promise<SessionUser & { password: string }> {
  const email = `acct-${tag()}@example.org`;
  const user = await getPrisma().user.create({
    data: { email, name: `Account ${tag()}`, passwordHash: await hashPassword(password) },
    select: { id: true, email: true, name: true, role: true },
  });
  return { ...user, password };
}

function claimsFor(user: SessionUser, authTime = Date.now()): SessionClaims {
  return { userId: user.id, sessionId: newSessionFields().sid, authTime };
}

/** Runs `act`, which must be refused with `code` and a message matching `message`, and checks nothing was stored. */
async function expectRefusedCleanly(act: () => Promise<unknown>, expected: { code: string; message: RegExp }): Promise<void> {
  const before = await storageSnapshot();
  await expect(act()).rejects.toMatchObject({ code: expected.code, message: expect.stringMatching(expected.message) });
  await expectNothingStored(before);
}

function signUp(input: { email?: string; name?: string; password?: string }) {
  return callerFor(null).user.signUp({
    email: input.email ?? `new-${tag()}@example.org`,
    name: input.name ?? "New Person",
    password: input.password ?? PASSWORD,
  });
}

describe("hostile accounts: sign-in throttling", () => {
  it("should refuse even the right password after 5 failures for one account, and leave other accounts alone", async () => {
    const victim = await userWithPassword();
    const bystander = await userWithPassword();
    const from = address();
    for (let i = 0; i < SIGN_IN_LIMITS.account.maxAttempts; i++) {
      expect(await signInWithPassword({ email: victim.email, password: `guess ${i}`, address: from })).toBeNull();
    }
    const before = await storageSnapshot();
    await expect(signInWithPassword({ email: victim.email, password: victim.password, address: from })).rejects.toMatchObject({
      code: "QUOTA_EXCEEDED",
      message: expect.stringMatching(ACCOUNT_LOCKED),
    });
    // The email's case and spaces do not make it another account.
    await expect(signInWithPassword({ email: ` ${victim.email.toUpperCase()} `, password: victim.password, address: null })).rejects.toThrow(
      ACCOUNT_LOCKED,
    );
    await expectNothingStored(before);
    expect(await signInWithPassword({ email: bystander.email, password: bystander.password, address: from })).toMatchObject({ id: bystander.id });
  }, 60_000);

  it("should throttle unknown emails the same way, so the lock does not tell which emails have accounts", async () => {
    const email = `nobody-${tag()}@example.org`;
    for (let i = 0; i < SIGN_IN_LIMITS.account.maxAttempts; i++) {
      expect(await signInWithPassword({ email, password: `guess ${i}`, address: null })).toBeNull();
    }
    await expect(signInWithPassword({ email, password: "guess", address: null })).rejects.toThrow(ACCOUNT_LOCKED);
  }, 60_000);

  it("should reset the account's counter after a successful sign-in, and unlock after the lock runs out", async () => {
    const user = await userWithPassword();
    for (let i = 0; i < SIGN_IN_LIMITS.account.maxAttempts - 1; i++) await signInWithPassword({ email: user.email, password: "wrong", address: null });
    expect(await signInWithPassword({ email: user.email, password: user.password, address: null })).toMatchObject({ id: user.id });
    // A full allowance again: 5 more failures before the lock.
    for (let i = 0; i < SIGN_IN_LIMITS.account.maxAttempts; i++) {
      expect(await signInWithPassword({ email: user.email, password: "wrong", address: null })).toBeNull();
    }
    await expect(signInWithPassword({ email: user.email, password: user.password, address: null })).rejects.toThrow(ACCOUNT_LOCKED);
    // 15 minutes later (moved back in the table rather than waited for).
    await getPrisma().signInThrottle.update({
      where: { key: accountThrottleKey(user.email) },
      data: { lockedUntil: new Date(Date.now() - 1000), windowStartedAt: new Date(Date.now() - 31 * 60_000) },
    });
    expect(await signInWithPassword({ email: user.email, password: user.password, address: null })).toMatchObject({ id: user.id });
  }, 60_000);

  it("should refuse an address after 30 failures across many accounts, and not other addresses", async () => {
    const target = await userWithPassword();
    const attacker = address();
    for (let i = 0; i < SIGN_IN_LIMITS.address.maxAttempts; i++) {
      expect(await signInWithPassword({ email: `spray-${tag()}@example.org`, password: "Winter2026!", address: attacker })).toBeNull();
    }
    const before = await storageSnapshot();
    await expect(signInWithPassword({ email: target.email, password: target.password, address: attacker })).rejects.toMatchObject({
      code: "QUOTA_EXCEEDED",
      message: expect.stringMatching(ADDRESS_LOCKED),
    });
    await expectNothingStored(before);
    expect(await signInWithPassword({ email: target.email, password: target.password, address: address() })).toMatchObject({ id: target.id });
  }, 120_000);

  it("should count parallel guesses too (counted before the password is checked)", async () => {
    const user = await userWithPassword();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => signInWithPassword({ email: user.email, password: `parallel ${i}`, address: null })),
    );
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused.length).toBe(12 - SIGN_IN_LIMITS.account.maxAttempts);
    for (const r of refused) expect(String((r as PromiseRejectedResult).reason.message)).toMatch(ACCOUNT_LOCKED);
  }, 60_000);
});

describe("hostile accounts: timing of unknown emails", () => {
  it("should run one bcrypt comparison of the same cost for an unknown email and for an account without a password", async () => {
    const compare = vi.spyOn(bcrypt, "compare");
    expect(await verifyCredentials(`unknown-${tag()}@example.org`, "any password")).toBeNull();
    expect(compare).toHaveBeenCalledTimes(1);
    expect(compare.mock.calls[0]?.[0]).toBe("any password");
    const dummy = String(compare.mock.calls[0]?.[1]);
    const real = await userWithPassword();
    const realHash = (await getPrisma().user.findUniqueOrThrow({ where: { id: real.id }, select: { passwordHash: true } })).passwordHash ?? "";
    // Same algorithm and cost factor ("$2b$10$"), so the work is the same.
    expect(dummy.slice(0, 7)).toBe(realHash.slice(0, 7));
    expect(bcrypt.getRounds(dummy)).toBe(bcrypt.getRounds(realHash));

    const githubOnly = await createUser();
    expect(await verifyCredentials(githubOnly.email, "any password")).toBeNull();
    expect(compare).toHaveBeenCalledTimes(2);
    expect(compare.mock.calls[1]?.[1]).toBe(dummy);

    expect(await verifyCredentials(real.email, "wrong password")).toBeNull();
    expect(compare).toHaveBeenCalledTimes(3);
    expect(compare.mock.calls[2]?.[1]).toBe(realHash);
  }, 60_000);
});

describe("hostile accounts: passwords bcrypt would cut", () => {
  it("should refuse a 73-byte password at sign-up and store nothing", async () => {
    await expectRefusedCleanly(() => signUp({ password: "a".repeat(73) }), { code: "BAD_REQUEST", message: /at most 72 bytes.*this one has 73/ });
  });

  it("should count bytes, not characters (37 accented letters are 74 bytes)", async () => {
    await expectRefusedCleanly(() => signUp({ password: "é".repeat(37) }), { code: "BAD_REQUEST", message: /this one has 74/ });
  });

  it("should keep an existing hash of a longer password working", async () => {
    const long = `${"x".repeat(80)} tail`;
    const user = await userWithPassword(long);
    expect(await verifyCredentials(user.email, long)).toMatchObject({ id: user.id });
  }, 30_000);

  it("should refuse a 73-byte new password on a password change and keep the old one", async () => {
    const user = await userWithPassword();
    const before = await storageSnapshot();
    await expect(callerFor(user).user.changePassword({ currentPassword: user.password, newPassword: "b".repeat(73) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/at most 72 bytes/),
    });
    await expectNothingStored(before);
    expect(await verifyCredentials(user.email, user.password)).toMatchObject({ id: user.id });
  }, 30_000);
});

describe("hostile accounts: sessions", () => {
  it("should reject a session after sign-out, and only that session", async () => {
    const user = await userWithPassword();
    const signedOut = claimsFor(user);
    const otherDevice = claimsFor(user);
    expect(await resolveSessionUser(signedOut)).toMatchObject({ id: user.id });
    await endSession({ claims: signedOut, maxAgeSeconds: 30 * 24 * 3600 });
    expect(await resolveSessionUser(signedOut)).toBeNull();
    expect(await resolveSessionUser(otherDevice)).toMatchObject({ id: user.id });
  });

  it("should end every earlier session on a password change, and refuse a wrong current password without changing anything", async () => {
    const user = await userWithPassword();
    const stolen = claimsFor(user, Date.now() - 60_000);
    const before = await storageSnapshot();
    await expect(callerFor(user).user.changePassword({ currentPassword: "not my password", newPassword: "a new password" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "Your current password is not correct.",
    });
    await expectNothingStored(before);
    expect(await resolveSessionUser(stolen)).toMatchObject({ id: user.id });

    await callerFor(user).user.changePassword({ currentPassword: user.password, newPassword: "a new password" });
    expect(await resolveSessionUser(stolen)).toBeNull();
    expect(await resolveSessionUser(claimsFor(user))).toMatchObject({ id: user.id });
    expect(await verifyCredentials(user.email, user.password)).toBeNull();
    expect(await verifyCredentials(user.email, "a new password")).toMatchObject({ id: user.id });
  }, 60_000);

  it("should reject a session of a user that no longer exists", async () => {
    expect(await resolveSessionUser({ userId: "no-such-user", sessionId: newSessionFields().sid, authTime: Date.now() })).toBeNull();
  });
});

describe("hostile accounts: names", () => {
  it.each([
    ["a right-to-left override", "Eve\u202Enimda", /text-direction controls/],
    ["an isolate", "\u2066Eve\u2069", /text-direction controls/],
    ["a left-to-right mark", "Eve\u200E", /text-direction controls/],
    ["a control character", "Eve\u0007", /control characters/],
    ["a newline", "Eve\nSecond line", /control characters/],
    ["only zero-width characters", "\u200B\u200C\u200D\uFEFF", /visible characters/],
    ["only a Hangul filler", "\u3164", /visible characters/],
    ["a reserved name in full-width letters", "ＡＤＭＩＮ", /reserved for the platform/],
    ["a reserved name split by a zero-width space", "Scope\u200Bbench", /reserved for the platform/],
  ])("should refuse a name with %s and create no user", async (_label, name, message) => {
    await expectRefusedCleanly(() => signUp({ name }), { code: "BAD_REQUEST", message });
  });

  it("should refuse a baseline account's name (after case folding and whitespace collapse) and create no user", async () => {
    const baselineName = `Otsu threshold baseline ${tag()} (CSV)`;
    await getPrisma().user.create({ data: { email: `baseline-${tag()}@scopebench.invalid`, name: baselineName } });
    await expectRefusedCleanly(() => signUp({ name: `  ${baselineName.toUpperCase().replace(/ /g, "   ")} ` }), {
      code: "BAD_REQUEST",
      message: /belongs to one of the platform's baselines/,
    });
  });

  it("should refuse a sign-up under the baselines' email domain", async () => {
    await expectRefusedCleanly(() => signUp({ email: `baseline-${tag()}@scopebench.invalid` }), {
      code: "BAD_REQUEST",
      message: /belong to the platform's baselines/,
    });
  });

  it("should store a name NFC-normalised and trimmed", async () => {
    const user = await signUp({ name: "  Jose\u0301 Nu\u0303n\u0303ez " });
    // Composed code points: é, ũ, ñ (one each), not letters followed by combining marks.
    expect(user.name).toBe("Jos\u00E9 N\u0169\u00F1ez");
  }, 30_000);

  it("should sanitise a GitHub profile name instead of refusing the sign-in", async () => {
    const hidden = await githubSignIn({ githubId: `gh-${tag()}`, email: `gh-${tag()}@example.org`, name: "Eve\u202E\u200B\tSmith\n" });
    expect(hidden.name).toBe("Eve Smith");
    const id = `gh-${tag()}`;
    const impostor = await githubSignIn({ githubId: id, email: `gh-${tag()}@example.org`, name: "\u202Eadmin" });
    expect(impostor.name).toBe(`GitHub user ${id}`);
  });

  it("should refuse a bad name from create-admin as well, and create no user", async () => {
    await expectRefusedCleanly(
      () => createAdmin({ email: `admin-${tag()}@example.org`, name: "Root\u202E", password: PASSWORD, force: true }),
      { code: "INVALID_INPUT", message: /name: Names cannot contain text-direction controls/ },
    );
    await expectRefusedCleanly(
      () => createAdmin({ email: `admin-${tag()}@example.org`, name: "Admin", password: "a".repeat(73), force: true }),
      { code: "INVALID_INPUT", message: /password: Use at most 72 bytes/ },
    );
  });

  it("should refuse an API token name with a NUL byte and store no token", async () => {
    const user = await createUser();
    await expectRefusedCleanly(() => callerFor(user).user.createToken({ name: "laptop\u0000" }), { code: "BAD_REQUEST", message: /control characters/ });
  });
});

describe("hostile accounts: callbackUrl", () => {
  const origin = "http://localhost:3000";
  it.each([
    ["/%09/evil.example decoded (a tab after the first slash)", decodeURIComponent("/%09/evil.example")],
    ["a tab after the first slash", "/\t/evil"],
    ["a newline after the first slash", "/\n/evil.example"],
    ["a protocol-relative URL", "//evil"],
    ["an absolute URL elsewhere", "https://evil"],
    ["a backslash after the first slash", "/\\evil"],
    ["javascript:", "javascript:alert(document.cookie)"],
  ])("should send %s home instead", (_label, value) => {
    expect(safeCallback(value, origin)).toBe("/");
    expect(sameOriginUrl(value, origin)).toBeNull();
  });

  it("should keep a same-site callback", () => {
    expect(safeCallback("/challenges/x?tab=submit", origin)).toBe("/challenges/x?tab=submit");
  });
});

describe("hostile accounts: afterwards", () => {
  it("should still score an ordinary submission", async () => {
    await expectStillScores();
  }, 120_000);
});
