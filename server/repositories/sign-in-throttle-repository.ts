import { getPrisma } from "../db/client";

export interface ThrottleLimits {
  /** Attempts allowed within one window; the next one locks the key. */
  maxAttempts: number;
  windowSeconds: number;
  lockSeconds: number;
}

export interface ThrottleState {
  /** Attempts counted in the current window, this one included. */
  attempts: number;
  /** Seconds until the key is unlocked, or null when it is not locked. */
  lockedForSeconds: number | null;
}

// Times are the database's (now() in UTC; constant within a statement), so every site
// instance counts against the same clock.
export const signInThrottleRepository = {
  /**
   * Counts one attempt under `key` and returns the state after it, in one statement so
   * concurrent attempts (several instances, parallel requests) cannot slip past the limit.
   * A locked key is left as it is; a window that has run out starts again at 1.
   */
  async countAttempt(key: string, limits: ThrottleLimits): Promise<ThrottleState> {
    const rows = await getPrisma().$queryRaw<{ attempts: number; lockedForSeconds: number | null }[]>`
      INSERT INTO "SignInThrottle" AS t ("key", "attempts", "windowStartedAt", "lockedUntil")
      VALUES (${key}, 1, (now() AT TIME ZONE 'UTC'), NULL)
      ON CONFLICT ("key") DO UPDATE SET
        "attempts" = CASE
          WHEN t."lockedUntil" > (now() AT TIME ZONE 'UTC') THEN t."attempts"
          WHEN t."windowStartedAt" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${limits.windowSeconds}::float8) THEN 1
          ELSE t."attempts" + 1 END,
        "windowStartedAt" = CASE
          WHEN t."lockedUntil" > (now() AT TIME ZONE 'UTC') THEN t."windowStartedAt"
          WHEN t."windowStartedAt" <= (now() AT TIME ZONE 'UTC') - make_interval(secs => ${limits.windowSeconds}::float8) THEN (now() AT TIME ZONE 'UTC')
          ELSE t."windowStartedAt" END,
        "lockedUntil" = CASE
          WHEN t."lockedUntil" > (now() AT TIME ZONE 'UTC') THEN t."lockedUntil"
          WHEN t."windowStartedAt" > (now() AT TIME ZONE 'UTC') - make_interval(secs => ${limits.windowSeconds}::float8)
            AND t."attempts" + 1 > ${limits.maxAttempts}::int
            THEN (now() AT TIME ZONE 'UTC') + make_interval(secs => ${limits.lockSeconds}::float8)
          ELSE NULL END
      RETURNING "attempts",
        CASE WHEN "lockedUntil" > (now() AT TIME ZONE 'UTC')
          THEN EXTRACT(EPOCH FROM ("lockedUntil" - (now() AT TIME ZONE 'UTC')))::float8
          ELSE NULL END AS "lockedForSeconds"`;
    const row = rows[0];
    if (!row) throw new Error("sign-in throttle: the upsert returned no row");
    return { attempts: Number(row.attempts), lockedForSeconds: row.lockedForSeconds === null ? null : Number(row.lockedForSeconds) };
  },

  /** Takes one counted attempt back (a successful one), unless the key is locked. */
  async uncountAttempt(key: string): Promise<void> {
    await getPrisma().$executeRaw`
      UPDATE "SignInThrottle" SET "attempts" = GREATEST("attempts" - 1, 0)
      WHERE "key" = ${key} AND "lockedUntil" IS NULL`;
  },

  async deleteByKey(key: string): Promise<void> {
    await getPrisma().signInThrottle.deleteMany({ where: { key } });
  },

  /** Rows whose window and lock have both run out carry no information any more. */
  async deleteStale(olderThanSeconds: number): Promise<void> {
    await getPrisma().$executeRaw`
      DELETE FROM "SignInThrottle"
      WHERE "windowStartedAt" < (now() AT TIME ZONE 'UTC') - make_interval(secs => ${olderThanSeconds}::float8)
        AND ("lockedUntil" IS NULL OR "lockedUntil" < (now() AT TIME ZONE 'UTC'))`;
  },
};
