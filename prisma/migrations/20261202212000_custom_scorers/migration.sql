-- Custom scorers written by hosts (scorers/CUSTOM-SCORERS.md): one row per version of a
-- scorer module that passed its sandboxed trial for a challenge. A challenge uses one by
-- naming it in "metricId" as custom:<scorerId>@<version>, so every reader that looks metrics
-- up in the built-in registry finds none and falls back (no per-image statistics).
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter splits the script on every one (see 20261202140000_leaderboard_scale).

CREATE TABLE "CustomScorerVersion" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "scorerId" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "sourceSha256" TEXT NOT NULL,
    "moduleKey" TEXT NOT NULL,
    "declaration" JSONB NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "trial" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CustomScorerVersion_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CustomScorerVersion_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "Challenge"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "CustomScorerVersion_challengeId_scorerId_version_key" ON "CustomScorerVersion"("challengeId", "scorerId", "version");
