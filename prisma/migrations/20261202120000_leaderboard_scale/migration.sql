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

-- Submission and Phase rows: the old challenge on update and delete, the new one on insert
-- (and on a move between challenges).
CREATE FUNCTION "scopebench_row_of_challenge_changed"() RETURNS trigger
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

-- Only columns a board or a count reads: heartbeats and lease bookkeeping do not bump.
CREATE TRIGGER "Submission_bump_challenge_version"
AFTER INSERT OR DELETE OR UPDATE OF "status", "publicScore", "privateScore", "isBaseline", "userId", "phaseId", "challengeId", "createdAt"
ON "Submission" FOR EACH ROW EXECUTE FUNCTION "scopebench_row_of_challenge_changed"();

CREATE TRIGGER "Phase_bump_challenge_version"
AFTER INSERT OR UPDATE OR DELETE ON "Phase"
FOR EACH ROW EXECUTE FUNCTION "scopebench_row_of_challenge_changed"();

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
