// What the production entry points check before they serve anything. They never build and
// never migrate: a missing or stale build and pending migrations are refusals that name the
// command that fixes them, all listed at once so one read of the log is enough.
import { pendingMigrations } from "../db/migrate";
import { projectRoot, staleBuildOutputs, type BuildOutput } from "../runtime/build-output";

export async function productionProblems(options: { databaseUrl: string; outputs: readonly BuildOutput[]; root?: string }): Promise<string[]> {
  const root = options.root ?? projectRoot;
  const problems: string[] = [];
  const stale = staleBuildOutputs(options.outputs, root);
  if (stale.length > 0) {
    problems.push(
      `The production build is not up to date (${stale.map((s) => `${s.file}: ${s.problem}`).join("; ")}). Run \`npm run build\` first.`,
    );
  }
  try {
    const pending = await pendingMigrations(options.databaseUrl, root);
    if (pending.length > 0) {
      problems.push(`${pending.length} database migration(s) not applied: ${pending.join(", ")}. Run \`npm run migrate\` first.`);
    }
  } catch (error) {
    problems.push(`Could not read the database's migrations (${databaseErrorText(error)}). Check DATABASE_URL and that PostgreSQL is up.`);
  }
  return problems;
}

/** A pg connection error in one line, without the URL (it may hold a password). */
export function databaseErrorText(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return databaseErrorText(error.errors[0]);
  if (error instanceof Error) return error.message.replace(/postgres(ql)?:\/\/\S+/g, "postgresql://…");
  return String(error);
}

/**
 * Whether to seed the demo challenges into a database without challenges: SEED_DEMO when set,
 * otherwise only for the embedded database of `npm start` (a laptop), never for a
 * DATABASE_URL someone configured.
 */
export function shouldSeedDemo(options: { seedDemo: boolean | undefined; embeddedDatabase: boolean }): boolean {
  return options.seedDemo ?? options.embeddedDatabase;
}
