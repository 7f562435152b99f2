-- Scoring rules as versioned documents (server/contracts/scoring-rule.ts). Every challenge
-- gets its current rule (its metric, ranked by the metric's score in the declared direction,
-- ties to the earlier submission, no extra columns, the private board on the private images)
-- as version 1, and every scored submission is recorded as scored under it.
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter splits the script on every one (see 20261202140000_leaderboard_scale).

ALTER TABLE "Challenge" ADD COLUMN "scoringRule" JSONB,
    ADD COLUMN "scoringRuleVersion" INTEGER NOT NULL DEFAULT 1;

UPDATE "Challenge" c SET "scoringRule" = jsonb_build_object(
    'metric', jsonb_build_object('id', c."metricId", 'params', c."metricParams"),
    'ranking', jsonb_build_object(
        'output', 'score',
        'direction', CASE WHEN (
            SELECT (v."declaration" -> 'outputs' -> 0 ->> 'higherIsBetter')::boolean
              FROM "CustomScorerVersion" v
             WHERE v."challengeId" = c.id AND c."metricId" = 'custom:' || v."scorerId" || '@' || v."version"
        ) IS FALSE THEN 'lower' ELSE 'higher' END,
        'tieBreak', 'earlier-submission'),
    'columns', '[]'::jsonb,
    'privateBoard', 'private-images');

ALTER TABLE "Challenge" ALTER COLUMN "scoringRule" SET NOT NULL;

CREATE TABLE "ScoringRuleVersion" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "rule" JSONB NOT NULL,
    "changes" TEXT[],
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScoringRuleVersion_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ScoringRuleVersion_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoringRuleVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "ScoringRuleVersion_challengeId_version_key" ON "ScoringRuleVersion"("challengeId", "version");

INSERT INTO "ScoringRuleVersion" ("id", "challengeId", "version", "rule", "changes", "createdById", "createdAt")
SELECT 'rule-' || c.id || '-1', c.id, 1, c."scoringRule", ARRAY['the first rule'],
       (SELECT h."userId" FROM "ChallengeHost" h WHERE h."challengeId" = c.id ORDER BY h."userId" LIMIT 1), c."createdAt"
  FROM "Challenge" c;

ALTER TABLE "Submission" ADD COLUMN "scoringRuleVersion" INTEGER,
    ADD COLUMN "boardOutputs" JSONB;

UPDATE "Submission" SET "scoringRuleVersion" = 1 WHERE "status" = 'scored';
