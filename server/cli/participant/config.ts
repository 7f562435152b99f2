// Where `scopebench login` keeps the site and the token: $SCOPEBENCH_CONFIG, or
// ~/.config/scopebench/config.json, readable by its owner only (it holds a credential).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

interface StoredConfig {
  url: string;
  token: string;
}

export function configPath(): string {
  return process.env.SCOPEBENCH_CONFIG ?? path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config"), "scopebench", "config.json");
}

export function readConfig(): StoredConfig | null {
  try {
    const parsed = JSON.parse(fs.readFileSync(configPath(), "utf8")) as Partial<StoredConfig>;
    return typeof parsed.url === "string" && typeof parsed.token === "string" ? { url: parsed.url, token: parsed.token } : null;
  } catch {
    return null;
  }
}

export function writeConfig(config: StoredConfig): string {
  const file = configPath();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  // An existing file keeps its mode on write: narrow it explicitly.
  fs.chmodSync(file, 0o600);
  return file;
}
