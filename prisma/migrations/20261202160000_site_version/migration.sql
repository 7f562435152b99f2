-- One number for "has anything a public page shows changed": challenge versions now come
-- from one sequence, so the largest version in "ChallengeVersion" grows with every change
-- of any challenge, and the site server (server/http/page-cache.ts) revalidates its cached
-- anonymous pages with one read of max(version) and count(*) per request. A per-challenge
-- version still only grows, so every earlier reader of it (leaderboard and count caches)
-- keeps working unchanged. Also bumped now: a challenge deleted, and its dataset's name or
-- images changed (the challenge page shows the dataset's name and image counts).
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter splits the script on every one (see 20261202140000_leaderboard_scale).

CREATE SEQUENCE "ChallengeVersion_version_seq" AS BIGINT;

SELECT setval('"ChallengeVersion_version_seq"', (SELECT COALESCE(max("version"), 0) + 1 FROM "ChallengeVersion"));

CREATE OR REPLACE FUNCTION "scopebench_bump_challenge_version"(challenge_id TEXT) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO "ChallengeVersion" ("challengeId", "version") VALUES (challenge_id, nextval('"ChallengeVersion_version_seq"'))
  ON CONFLICT ("challengeId") DO UPDATE
    SET "version" = nextval('"ChallengeVersion_version_seq"'), "updatedAt" = CURRENT_TIMESTAMP
$$;

CREATE OR REPLACE FUNCTION "scopebench_challenge_changed"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  IF TG_OP = ''DELETE'' THEN
    PERFORM "scopebench_bump_challenge_version"(OLD."id")\073
  ELSE
    PERFORM "scopebench_bump_challenge_version"(NEW."id")\073
  END IF\073
  RETURN NULL\073
END
';

DROP TRIGGER "Challenge_bump_challenge_version" ON "Challenge";

CREATE TRIGGER "Challenge_bump_challenge_version"
AFTER INSERT OR UPDATE OR DELETE ON "Challenge"
FOR EACH ROW EXECUTE FUNCTION "scopebench_challenge_changed"();

CREATE FUNCTION "scopebench_dataset_changed"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_bump_challenge_version"(c."id")
     FROM (SELECT "id" FROM "Challenge" WHERE "datasetId" = NEW."id" ORDER BY 1) c\073
  RETURN NULL\073
END
';

CREATE TRIGGER "Dataset_bump_challenge_version"
AFTER UPDATE ON "Dataset"
FOR EACH ROW EXECUTE FUNCTION "scopebench_dataset_changed"();

CREATE FUNCTION "scopebench_dataset_items_changed"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
  PERFORM "scopebench_bump_challenge_version"(c."id")
     FROM (SELECT "id" FROM "Challenge" WHERE "datasetId" IN (SELECT "datasetId" FROM changed_rows) ORDER BY 1) c\073
  RETURN NULL\073
END
';

CREATE TRIGGER "DatasetItem_inserted_bump_challenge_version"
AFTER INSERT ON "DatasetItem" REFERENCING NEW TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION "scopebench_dataset_items_changed"();

CREATE TRIGGER "DatasetItem_deleted_bump_challenge_version"
AFTER DELETE ON "DatasetItem" REFERENCING OLD TABLE AS changed_rows
FOR EACH STATEMENT EXECUTE FUNCTION "scopebench_dataset_items_changed"();
