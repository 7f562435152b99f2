// `npm run migrate`: applies pending migrations (prisma/migrations) to DATABASE_URL (or the
// embedded database of a running `npm start`) and exits: 0 when the database is up to date,
// 1 with the reason otherwise. Production deployments run it once per release, before
// `npm run serve` and `npm run worker`, which refuse to start while a migration is pending.
import { resolveDatabaseUrl } from "../db/database-url";
import { pendingMigrations, runMigrations } from "../db/migrate";
import { getQueue, stopQueue } from "../queue/scoring-queue";
import { projectRoot } from "../runtime/build-output";
import { databaseErrorText } from "./preflight";

async function main(): Promise<number> {
  const databaseUrl = resolveDatabaseUrl();
  const where = new URL(databaseUrl);
  const target = `${where.hostname}:${where.port || 5432}${where.pathname}`;
  let pending: string[];
  try {
    pending = await pendingMigrations(databaseUrl, projectRoot);
  } catch (error) {
    console.error(`migrate: cannot reach the database at ${target}: ${databaseErrorText(error)}`);
    return 1;
  }
  if (pending.length > 0) {
    console.log(`migrate: applying ${pending.length} migration(s) to ${target}:`);
    for (const name of pending) console.log(`  ${name}`);
    await runMigrations(databaseUrl, projectRoot);
    const left = await pendingMigrations(databaseUrl, projectRoot);
    if (left.length > 0) {
      console.error(`migrate: still pending after prisma migrate deploy: ${left.join(", ")}`);
      return 1;
    }
  }
  // pg-boss keeps its own schema (pgboss.*) and our queues; installing them here too means a
  // site that only sends jobs is ready before any worker has started. Idempotent.
  await getQueue("producer");
  await stopQueue();
  if (pending.length === 0) {
    console.log(`migrate: ${target} is up to date; nothing to do.`);
    return 0;
  }
  console.log(`migrate: applied ${pending.length} migration(s); ${target} is up to date.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`migrate: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
