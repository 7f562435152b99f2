import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** A random secret kept in a private file, made on first use (embedded DB password, JWT key). */
export function readOrCreateSecret(file: string, bytes = 32): string {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    const secret = crypto.randomBytes(bytes).toString("base64url");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
    return secret;
  }
}
