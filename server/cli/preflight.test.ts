import { describe, expect, it } from "vitest";
import { databaseErrorText, shouldSeedDemo } from "./preflight";

describe("shouldSeedDemo", () => {
  it("should seed by default only into the embedded database", () => {
    expect(shouldSeedDemo({ seedDemo: undefined, embeddedDatabase: true })).toBe(true);
    expect(shouldSeedDemo({ seedDemo: undefined, embeddedDatabase: false })).toBe(false);
  });

  it("should follow SEED_DEMO when it is set", () => {
    expect(shouldSeedDemo({ seedDemo: false, embeddedDatabase: true })).toBe(false);
    expect(shouldSeedDemo({ seedDemo: true, embeddedDatabase: false })).toBe(true);
  });
});

describe("databaseErrorText", () => {
  it("should never show a connection string (it may hold a password)", () => {
    expect(databaseErrorText(new Error("bad postgresql://user:secret@db:5432/x here"))).toBe("bad postgresql://… here");
  });
});
