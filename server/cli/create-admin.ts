// `npm run create-admin -- --email you@lab.org --name "Your Name" [--password …] [--force]`
// The first administrator of an install; an existing account with that email is promoted.
import { parseArgs } from "node:util";
import readline from "node:readline/promises";
import { createAdmin } from "../services/user/create-admin";
import { withDatabase } from "./with-database";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    name: { type: "string" },
    password: { type: "string" },
    force: { type: "boolean", default: false },
  },
});

async function ask(question: string): Promise<string> {
  // Without a terminal there is nobody to answer: a prompt on a closed stdin would never
  // resolve and the process would exit 0 having done nothing.
  if (!process.stdin.isTTY) throw new Error(`missing option for "${question.replace(/[:(].*$/, "").trim()}"; run with --email, --name (and --password for a new account)`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

try {
  const email = values.email ?? (await ask("Email: "));
  const name = values.name ?? (await ask("Name: "));
  const password = values.password ?? (process.stdin.isTTY ? await ask("Password (at least 8 characters; ignored for an existing account): ") : "");
  const user = await withDatabase(() => createAdmin({ email, name, password: password || undefined, force: values.force }));
  console.log(`${user.email} is now an administrator.`);
  process.exit(0);
} catch (error) {
  console.error(`create-admin: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
