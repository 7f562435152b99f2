import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);

/**
 * Node arguments that run a TypeScript entry point in this very process (tsx as an import
 * hook). Unlike the `tsx` CLI, which runs the script in a child process, the pid we hold is
 * the script's own, so a kill reaches it.
 */
export function nodeTsArgs(script: string): string[] {
  return ["--import", pathToFileURL(require.resolve("tsx")).href, script];
}
