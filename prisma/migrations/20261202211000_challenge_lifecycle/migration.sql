-- Challenge lifecycle: the Rules tab now states each phase's dates and quotas from the phase
-- settings at every request (server/services/challenge/phase-rules.ts). Rules pages written by
-- the old template carry a quota line that went stale with any quota change: it is removed
-- here, only where it is still exactly the template's text (a host's own words are kept).
-- The "Challenge" trigger bumps each changed challenge's version, so cached pages follow.
--
-- NOTE: no semicolon may appear inside a statement here, not even in a comment: the Prisma
-- CLI's driver adapter splits the script on every one (see 20261202140000_leaderboard_scale).
-- The template's semicolon is matched by the class [^a-z] below for that reason.

UPDATE "Challenge"
   SET "rulesMd" = regexp_replace("rulesMd", '\n- Up to \*\*[0-9]+ submissions per day\*\* \(UTC\) and [0-9]+ in total[^a-z] rejected or failed submissions do not count\.', '', 'g')
 WHERE "rulesMd" ~ '\n- Up to \*\*[0-9]+ submissions per day\*\* \(UTC\) and [0-9]+ in total[^a-z] rejected or failed submissions do not count\.';
