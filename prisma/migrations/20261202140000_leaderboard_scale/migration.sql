-- Leaderboards at scale: a version per challenge, bumped in the same transaction as any
-- change a leaderboard or a challenge page shows (a submission made, scored, failed,
-- cancelled, re-queued or deleted, a phase or the challenge edited, a participant renamed).
-- Every site process caches rankings and counts in memory keyed by this version and reads
-- it with one primary-key lookup per request, so caches stay correct across processes.
-- Triggers, not application code, so no write path (repositories, cascades, psql) can forget.
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter (@prisma/adapter-pg executeScript) splits the script on every one.
-- Function bodies are therefore E'' strings that spell the semicolon \073.

CREATE TABLE "ChallengeVersion" (
    "challengeId" TEXT NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    -- No foreign key: rows are bumped while a challenge's submissions are cascade-deleted.
    CONSTRAINT "ChallengeVersion_pkey" PRIMARY KEY ("challengeId")
);

INSERT INTO "ChallengeVersion" ("challengeId") SELECT "id" FROM "Challenge";

CREATE FUNCTION "scopebench_bump_challenge_version"(challenge_id TEXT) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO "ChallengeVersion" ("challengeId") VALUES (challenge_id)
  ON CONFLICT ("challengeId") DO UPDATE
    SET "version" = "ChallengeVersion"."version" + 1, "updatedAt" = CURRENT_TIMESTAMP
$$;

-- Submissions: statement-level triggers with transition tables, so re-queueing or
-- bulk-inserting 100,000 rows bumps each challenge once, not once per row (bumping one
-- row 100,000 times in a transaction took minutes). Challenges in id order, so two
-- statements touching the same challenges never wait on each other crosswise.
CREATE FUNCTION "scopebench_submissions_inserted"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_bump_challenge_version"(c."challengeId")
     FROM (SELECT DISTINCT "challengeId" FROM new_rows ORDER BY 1) c\073
  RETURN NULL\073
END
';

CREATE FUNCTION "scopebench_submissions_deleted"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_bump_challenge_version"(c."challengeId")
     FROM (SELECT DISTINCT "challengeId" FROM old_rows ORDER BY 1) c\073
  RETURN NULL\073
END
';

-- Only changes a board or a count shows: heartbeats and lease bookkeeping do not bump.
-- Set differences rather than a join on id: transition tables have no index, and a
-- re-score of a whole phase updates every row of it at once.
CREATE FUNCTION "scopebench_submissions_updated"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_bump_challenge_version"(c."challengeId")
     FROM (
       SELECT DISTINCT changed."challengeId" FROM (
         (SELECT id, "challengeId", "phaseId", "userId", status, "publicScore", "privateScore", "isBaseline", "createdAt" FROM old_rows
          EXCEPT
          SELECT id, "challengeId", "phaseId", "userId", status, "publicScore", "privateScore", "isBaseline", "createdAt" FROM new_rows)
         UNION ALL
         (SELECT id, "challengeId", "phaseId", "userId", status, "publicScore", "privateScore", "isBaseline", "createdAt" FROM new_rows
          EXCEPT
          SELECT id, "challengeId", "phaseId", "userId", status, "publicScore", "privateScore", "isBaseline", "createdAt" FROM old_rows)
       ) changed
       ORDER BY 1
     ) c\073
  RETURN NULL\073
END
';

CREATE TRIGGER "Submission_inserted_bump_challenge_version"
AFTER INSERT ON "Submission" REFERENCING NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "scopebench_submissions_inserted"();

CREATE TRIGGER "Submission_deleted_bump_challenge_version"
AFTER DELETE ON "Submission" REFERENCING OLD TABLE AS old_rows
FOR EACH STATEMENT EXECUTE FUNCTION "scopebench_submissions_deleted"();

CREATE TRIGGER "Submission_updated_bump_challenge_version"
AFTER UPDATE ON "Submission" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
FOR EACH STATEMENT EXECUTE FUNCTION "scopebench_submissions_updated"();

-- Phases: the old challenge on update and delete, the new one on insert (and on a move).
CREATE FUNCTION "scopebench_phase_changed"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP IN (''UPDATE'', ''DELETE'') THEN
    PERFORM "scopebench_bump_challenge_version"(OLD."challengeId")\073
  END IF\073
  IF TG_OP = ''INSERT'' OR (TG_OP = ''UPDATE'' AND NEW."challengeId" IS DISTINCT FROM OLD."challengeId") THEN
    PERFORM "scopebench_bump_challenge_version"(NEW."challengeId")\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER "Phase_bump_challenge_version"
AFTER INSERT OR UPDATE OR DELETE ON "Phase"
FOR EACH ROW EXECUTE FUNCTION "scopebench_phase_changed"();

CREATE FUNCTION "scopebench_challenge_changed"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_bump_challenge_version"(NEW."id")\073
  RETURN NULL\073
END
';

CREATE TRIGGER "Challenge_bump_challenge_version"
AFTER INSERT OR UPDATE ON "Challenge"
FOR EACH ROW EXECUTE FUNCTION "scopebench_challenge_changed"();

-- Participant names are on the boards.
CREATE FUNCTION "scopebench_user_renamed"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_bump_challenge_version"(c."challengeId")
     FROM (SELECT DISTINCT "challengeId" FROM "Submission" WHERE "userId" = NEW."id") c\073
  RETURN NULL\073
END
';

CREATE TRIGGER "User_bump_challenge_version"
AFTER UPDATE OF "name" ON "User"
FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name")
EXECUTE FUNCTION "scopebench_user_renamed"();

-- Best-per-entry and the lead's running record read one phase's rows per participant.
CREATE INDEX "Submission_phaseId_userId_createdAt_idx" ON "Submission"("phaseId", "userId", "createdAt");
