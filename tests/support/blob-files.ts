// What the local blob store holds on disk, for tests that check what a step stored or removed.
import fs from "node:fs";
import path from "node:path";
import { env } from "../../server/env";

/** Every file under the blob directory, as sorted keys relative to it ("/"-separated). */
export function blobFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(env.blobDir, full).split(path.sep).join("/"));
    }
  };
  walk(env.blobDir);
  return out.sort();
}
