-- Leaderboards maintained as submissions change, not ranked from the phase's whole history:
-- one row per participant and phase with a submission that is not cancelled, holding their
-- activity (those submissions, the ones that are not baselines, the last one's date, whether
-- the first one is a baseline) and their best scored submission, if any, for either
-- direction of metric (the registry, not the database, knows which is better). The counts
-- on challenge pages add these rows up instead of reading every submission.
-- A trigger recomputes the rows of exactly the participants a statement touched, from that
-- participant's submissions only, so ranking a phase of 100,000 submissions reads its 5,000
-- rows instead of sorting the 100,000 (0.3–0.8 s per change before).
-- The rules are those of tests/support/leaderboard-reference.ts, which the integration tests
-- compare this table with.
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter splits the script on every one (see 20261202140000_leaderboard_scale).

CREATE TABLE "LeaderboardEntry" (
    "phaseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "submissions" INTEGER NOT NULL,
    "lastSubmissionAt" TIMESTAMP(3) NOT NULL,
    "nonBaselineSubmissions" INTEGER NOT NULL,
    "isBaseline" BOOLEAN NOT NULL,
    "highSubmissionId" TEXT,
    "highPublicScore" DOUBLE PRECISION,
    "highPrivateScore" DOUBLE PRECISION,
    "highCreatedAt" TIMESTAMP(3),
    "lowSubmissionId" TEXT,
    "lowPublicScore" DOUBLE PRECISION,
    "lowPrivateScore" DOUBLE PRECISION,
    "lowCreatedAt" TIMESTAMP(3),

    -- No foreign keys: rows are rewritten while submissions are cascade-deleted.
    CONSTRAINT "LeaderboardEntry_pkey" PRIMARY KEY ("phaseId", "userId")
);

-- The rows of these (phase, participant) pairs, recomputed. Their phases are locked first
-- (in one order) for the rest of the transaction: a concurrent statement on the same phase
-- waits, and then (read committed: each statement here takes a new snapshot) recomputes from
-- what this one committed rather than overwriting it with what it saw before. One lock per
-- phase, not per participant: re-scoring a whole phase would otherwise take thousands of
-- locks and fill PostgreSQL's lock table. Writes to submissions are short transactions (and
-- already wait for each other on their challenge's "ChallengeVersion" row: this lock keeps
-- the rule true should that trigger change).
CREATE FUNCTION "scopebench_refresh_leaderboard_entries"(phase_ids TEXT[], user_ids TEXT[]) RETURNS void
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended(''leaderboard:'' || p.phase_id, 0))
     FROM (SELECT DISTINCT phase_id FROM unnest(phase_ids) AS u(phase_id) WHERE phase_id IS NOT NULL ORDER BY 1) p\073
  DELETE FROM "LeaderboardEntry" e
   USING unnest(phase_ids, user_ids) AS p(phase_id, user_id)
   WHERE e."phaseId" = p.phase_id AND e."userId" = p.user_id\073
  INSERT INTO "LeaderboardEntry" ("phaseId", "userId", "submissions", "lastSubmissionAt", "nonBaselineSubmissions", "isBaseline",
                                  "highSubmissionId", "highPublicScore", "highPrivateScore", "highCreatedAt",
                                  "lowSubmissionId", "lowPublicScore", "lowPrivateScore", "lowCreatedAt")
  SELECT p.phase_id, p.user_id, a.submissions, a.last_at, a.non_baseline, a.is_baseline,
         hi.id, hi."publicScore", hi."privateScore", hi."createdAt",
         lo.id, lo."publicScore", lo."privateScore", lo."createdAt"
    FROM (SELECT DISTINCT phase_id, user_id FROM unnest(phase_ids, user_ids) AS u(phase_id, user_id)
           WHERE phase_id IS NOT NULL AND user_id IS NOT NULL) p
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS submissions, max(s."createdAt") AS last_at,
             count(*) FILTER (WHERE NOT s."isBaseline")::int AS non_baseline,
             (array_agg(s."isBaseline" ORDER BY s."createdAt" ASC, s.id ASC))[1] AS is_baseline
        FROM "Submission" s
       WHERE s."phaseId" = p.phase_id AND s."userId" = p.user_id AND s.status <> ''cancelled'') a
    LEFT JOIN LATERAL (
      SELECT s.id, s."publicScore", s."privateScore", s."createdAt" FROM "Submission" s
       WHERE s."phaseId" = p.phase_id AND s."userId" = p.user_id AND s.status = ''scored''
         AND s."publicScore" IS NOT NULL AND s."publicScore" NOT IN (''NaN''::float8, ''Infinity''::float8, ''-Infinity''::float8)
       ORDER BY s."publicScore" DESC, s."createdAt" ASC, s.id ASC LIMIT 1) hi ON true
    LEFT JOIN LATERAL (
      SELECT s.id, s."publicScore", s."privateScore", s."createdAt" FROM "Submission" s
       WHERE s."phaseId" = p.phase_id AND s."userId" = p.user_id AND s.status = ''scored''
         AND s."publicScore" IS NOT NULL AND s."publicScore" NOT IN (''NaN''::float8, ''Infinity''::float8, ''-Infinity''::float8)
       ORDER BY s."publicScore" ASC, s."createdAt" ASC, s.id ASC LIMIT 1) lo ON true
   WHERE a.submissions > 0\073
END
';

CREATE FUNCTION "scopebench_submissions_inserted_entries"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_refresh_leaderboard_entries"(array_agg(c."phaseId"), array_agg(c."userId"))
     FROM (SELECT DISTINCT "phaseId", "userId" FROM new_rows) c\073
  RETURN NULL\073
END
';

CREATE FUNCTION "scopebench_submissions_deleted_entries"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_refresh_leaderboard_entries"(array_agg(c."phaseId"), array_agg(c."userId"))
     FROM (SELECT DISTINCT "phaseId", "userId" FROM old_rows) c\073
  RETURN NULL\073
END
';

-- Only rows whose ranked columns changed (heartbeats and lease bookkeeping do not count),
-- before and after the change, should a submission ever move between phases or participants.
CREATE FUNCTION "scopebench_submissions_updated_entries"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_refresh_leaderboard_entries"(array_agg(c."phaseId"), array_agg(c."userId"))
     FROM (
       SELECT DISTINCT changed."phaseId", changed."userId" FROM (
         (SELECT id, "phaseId", "userId", status, "publicScore", "privateScore", "isBaseline", "createdAt" FROM old_rows
          EXCEPT
          SELECT id, "phaseId", "userId", status, "publicScore", "privateScore", "isBaseline", "createdAt" FROM new_rows)
         UNION ALL
         (SELECT id, "phaseId", "userId", status, "publicScore", "privateScore", "isBaseline", "createdAt" FROM new_rows
          EXCEPT
          SELECT id, "phaseId", "userId", status, "publicScore", "privateScore", "isBaseline", "createdAt" FROM old_rows)
       ) changed
     ) c
   HAVING count(*) > 0\073
  RETURN NULL\073
END
';

CREATE TRIGGER "Submission_inserted_refresh_leaderboard"
AFTER INSERT ON "Submission" REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "scopebench_submissions_inserted_entries"();

CREATE TRIGGER "Submission_deleted_refresh_leaderboard"
AFTER DELETE ON "Submission" REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "scopebench_submissions_deleted_entries"();

CREATE TRIGGER "Submission_updated_refresh_leaderboard"
AFTER UPDATE ON "Submission" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "scopebench_submissions_updated_entries"();

-- The rows of the submissions already there.
SELECT "scopebench_refresh_leaderboard_entries"(array_agg(c."phaseId"), array_agg(c."userId"))
  FROM (SELECT DISTINCT "phaseId", "userId" FROM "Submission") c;

-- A phase's board in ranked order straight from the rows, either direction.
CREATE INDEX "LeaderboardEntry_phaseId_highPublicScore_idx" ON "LeaderboardEntry"("phaseId", "highPublicScore" DESC, "highCreatedAt", "userId");
CREATE INDEX "LeaderboardEntry_phaseId_lowPublicScore_idx" ON "LeaderboardEntry"("phaseId", "lowPublicScore", "lowCreatedAt", "userId");

-- The lead's running record reads a phase's scored submissions in time order.
CREATE INDEX "Submission_phaseId_createdAt_scored_idx" ON "Submission"("phaseId", "createdAt", "id") WHERE status = 'scored';
