-- Leaderboards that tell the truth (issue 12): per-image states of every scored submission
-- (a blob, named here), the board statistics the worker computes from them, and the Ladder
-- (an optional overfitting guard per phase) with what it shows for each participant.
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter splits the script on every one (see 20261202140000_leaderboard_scale).

ALTER TABLE "Phase" ADD COLUMN "ladder" BOOLEAN NOT NULL DEFAULT false;

-- The blob with the submission's per-image mergeable states (server/services/statistics).
ALTER TABLE "Submission" ADD COLUMN "imageStatesKey" TEXT;
-- Under the Ladder: the public score its participant was shown after this submission.
ALTER TABLE "Submission" ADD COLUMN "ladderScore" DOUBLE PRECISION;

CREATE TABLE "BoardStatistics" (
    "phaseId" TEXT NOT NULL,
    "board" TEXT NOT NULL,
    -- The challenge's version the inputs were read at: an older computation never overwrites a newer one.
    "basedOn" BIGINT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "computeMs" INTEGER NOT NULL,
    "statistics" JSONB NOT NULL,

    CONSTRAINT "BoardStatistics_pkey" PRIMARY KEY ("phaseId", "board"),
    CONSTRAINT "BoardStatistics_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- The Ladder's state per participant: the submission whose public score the board shows.
CREATE TABLE "LadderState" (
    "phaseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "submissionId" TEXT NOT NULL,
    "shownScore" DOUBLE PRECISION NOT NULL,
    "shownAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LadderState_pkey" PRIMARY KEY ("phaseId", "userId"),
    CONSTRAINT "LadderState_phaseId_fkey" FOREIGN KEY ("phaseId") REFERENCES "Phase"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LadderState_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Both change what a leaderboard shows: bump the challenge's version like every other such change.
CREATE FUNCTION "scopebench_phase_rows_changed"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_bump_challenge_version"(c."challengeId")
     FROM (SELECT DISTINCT p."challengeId" FROM "Phase" p WHERE p."id" = COALESCE(NEW."phaseId", OLD."phaseId")) c\073
  RETURN NULL\073
END
';

CREATE TRIGGER "BoardStatistics_bump_challenge_version"
AFTER INSERT OR UPDATE OR DELETE ON "BoardStatistics"
FOR EACH ROW EXECUTE FUNCTION "scopebench_phase_rows_changed"();

CREATE TRIGGER "LadderState_bump_challenge_version"
AFTER INSERT OR UPDATE OR DELETE ON "LadderState"
FOR EACH ROW EXECUTE FUNCTION "scopebench_phase_rows_changed"();
