import { describe, expect, it } from "vitest";
import { crossCheckEnv, parseEnv } from "./env";

const base = { NODE_ENV: "test" } as const;

describe("crossCheckEnv", () => {
  it("should accept the defaults and the test settings", () => {
    expect(crossCheckEnv(parseEnv({ ...base }))).toEqual([]);
    expect(crossCheckEnv(parseEnv({ ...base, LEASE_TIMEOUT_SECONDS: "4", HEARTBEAT_SECONDS: "1" }))).toEqual([]);
  });

  it("should refuse a heartbeat at or above the lease time, naming both variables", () => {
    for (const [lease, heartbeat] of [["30", "30"], ["30", "31"], ["10", "6"]] as const) {
      expect(() => parseEnv({ ...base, LEASE_TIMEOUT_SECONDS: lease, HEARTBEAT_SECONDS: heartbeat })).toThrow(
        /HEARTBEAT_SECONDS \(\d+\) must be at most half of LEASE_TIMEOUT_SECONDS/,
      );
    }
    // Exactly half is the limit that still leaves one missed heartbeat of slack.
    expect(() => parseEnv({ ...base, LEASE_TIMEOUT_SECONDS: "10", HEARTBEAT_SECONDS: "5" })).not.toThrow();
  });

  it("should refuse a scorer timeout the job queue cannot expire", () => {
    expect(() => parseEnv({ ...base, SCORER_TIMEOUT_SECONDS: String(24 * 3600) })).toThrow(/SCORER_TIMEOUT_SECONDS \(86400\).*pg-boss.*below 86280/);
    expect(() => parseEnv({ ...base, SCORER_TIMEOUT_SECONDS: String(24 * 3600 - 121) })).not.toThrow();
  });

  it("should refuse the test delay hook in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production", SCOPEBENCH_TEST_JOB_DELAY_MS: "1000" })).toThrow(/SCOPEBENCH_TEST_JOB_DELAY_MS .*NODE_ENV is production/);
    expect(() => parseEnv({ NODE_ENV: "test", SCOPEBENCH_TEST_JOB_DELAY_MS: "1000" })).not.toThrow();
  });

  it("should refuse half a GitHub sign-in configuration", () => {
    expect(() => parseEnv({ ...base, GITHUB_ID: "abc" })).toThrow(/GITHUB_ID and GITHUB_SECRET go together: GITHUB_SECRET is missing/);
    expect(() => parseEnv({ ...base, GITHUB_SECRET: "abc" })).toThrow(/GITHUB_ID is missing/);
  });

  it("should list every problem at once", () => {
    expect(() => parseEnv({ ...base, LEASE_TIMEOUT_SECONDS: "3", HEARTBEAT_SECONDS: "3", GITHUB_ID: "x" })).toThrow(
      /do not fit together:\n {2}HEARTBEAT_SECONDS .*\n {2}GITHUB_ID and GITHUB_SECRET/,
    );
  });

  it("should read the job attempt limit, falling back to its former name", () => {
    expect(parseEnv({ ...base }).maxJobAttempts).toBe(3);
    expect(parseEnv({ ...base, MAX_SCORING_ATTEMPTS: "5" }).maxJobAttempts).toBe(5);
    expect(parseEnv({ ...base, MAX_SCORING_ATTEMPTS: "5", MAX_JOB_ATTEMPTS: "2" }).maxJobAttempts).toBe(2);
  });

  it("should read the test delay's job kinds and refuse unknown ones", () => {
    expect(parseEnv({ ...base, SCOPEBENCH_TEST_JOB_DELAY_KINDS: "transfer, dataset-import" }).SCOPEBENCH_TEST_JOB_DELAY_KINDS).toEqual(["transfer", "dataset-import"]);
    expect(() => parseEnv({ ...base, SCOPEBENCH_TEST_JOB_DELAY_KINDS: "scoring,mining" })).toThrow(/SCOPEBENCH_TEST_JOB_DELAY_KINDS/);
  });
});
