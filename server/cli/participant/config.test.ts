import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { configPath, readConfig, writeConfig } from "./config";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-config-"));
afterEach(() => {
  delete process.env.SCOPEBENCH_CONFIG;
});

describe("scopebench login's config", () => {
  it("should store the site and token readable by the owner only, and read them back", () => {
    process.env.SCOPEBENCH_CONFIG = path.join(dir, "nested", "config.json");
    expect(readConfig()).toBeNull();
    const file = writeConfig({ url: "http://site", token: "sbk_x" });
    expect(file).toBe(configPath());
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readConfig()).toEqual({ url: "http://site", token: "sbk_x" });
    fs.chmodSync(file, 0o644);
    writeConfig({ url: "http://other", token: "sbk_y" });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it("should read a broken file as not logged in", () => {
    process.env.SCOPEBENCH_CONFIG = path.join(dir, "broken.json");
    fs.writeFileSync(process.env.SCOPEBENCH_CONFIG, "{not json");
    expect(readConfig()).toBeNull();
  });
});
