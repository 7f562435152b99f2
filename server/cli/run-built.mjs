// Runs a production entry point from `npm run build`'s output (dist/cli/<name>.mjs), and
// says what to do when there is none, rather than Node's "Cannot find module". Plain
// JavaScript on purpose: it must run before anything is built. The bundle itself checks that
// it is not older than the sources.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const name = process.argv[2];
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bundle = path.join(root, "dist", "cli", `${name}.mjs`);
if (!name || !/^[a-z-]+$/.test(name)) {
  console.error("usage: node server/cli/run-built.mjs <serve|worker>");
  process.exit(2);
}
if (!fs.existsSync(bundle)) {
  console.error(`No production build: ${path.relative(root, bundle)} is missing. Run \`npm run build\` first (or \`npm start\` for the laptop setup).`);
  process.exit(1);
}
process.argv.splice(2, 1);
await import(pathToFileURL(bundle).href);
