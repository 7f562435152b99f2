import { describe, expect, it } from "vitest";
import { canonicalName, displayNameProblem, normaliseDisplayName, sanitiseDisplayName } from "./display-name";

const BASELINES = ["Otsu threshold baseline (CSV)", "Logistic regression baseline (CSV)"];

describe("displayNameProblem", () => {
  it("should accept ordinary names from many scripts", () => {
    for (const name of ["Ada Lovelace", "José Núñez", "王小明", "محمد علي", "Zoë O'Brien-Smith", "שרה כהן", "Ηλίας", "🔬 Microscopy Lab", "कविता"]) {
      expect(displayNameProblem(name, { baselineNames: BASELINES }), name).toBeNull();
    }
  });

  it.each([
    ["a lone surrogate", "Eve\uD800", "malformed"],
    ["a right-to-left override", "Eve\u202Enimda", "bidi"],
    ["a left-to-right embedding", "\u202AEve", "bidi"],
    ["an isolate", "Eve \u2066x\u2069", "bidi"],
    ["a right-to-left mark", "Eve\u200F", "bidi"],
    ["an Arabic letter mark", "Eve\u061C", "bidi"],
    ["a NUL", "Eve\u0000", "control"],
    ["a newline", "Eve\nAdmin", "control"],
    ["a tab", "Eve\tX", "control"],
    ["a C1 control", "Eve\u0085", "control"],
    ["zero-width spaces only", "\u200B\u200B", "invisible"],
    ["joiners and a BOM only", "\u200D\u200C\uFEFF", "invisible"],
    ["a Hangul filler only", "\u3164", "invisible"],
    ["a braille blank and spaces", "\u2800 \u00A0", "invisible"],
    ["combining marks only", "\u0301\u0308", "invisible"],
    ["spaces only", "   ", "empty"],
    ["nothing", "", "empty"],
    ["too many characters", "x".repeat(101), "too_long"],
    ["a reserved name", "Admin", "reserved"],
    ["a reserved name in full-width letters", "ＡＤＭＩＮ", "reserved"],
    ["a reserved name with a zero-width space", "ad\u200Bmin", "reserved"],
    ["a reserved name with extra spaces", "  ScopeBench   Team ", "reserved"],
    ["a baseline's exact name", "Otsu threshold baseline (CSV)", "baseline"],
    ["a baseline's name in other case and spacing", "otsu  THRESHOLD baseline (csv)", "baseline"],
  ])("should refuse %s", (_label, name, problem) => {
    expect(displayNameProblem(name, { baselineNames: BASELINES })).toBe(problem);
  });

  it("should let an operator name the administrator Admin, but nothing invisible", () => {
    expect(displayNameProblem("Admin", { allowReserved: true })).toBeNull();
    expect(displayNameProblem("\u200B", { allowReserved: true })).toBe("invisible");
  });
});

describe("normaliseDisplayName and canonicalName", () => {
  it("should store one spelling (NFC) and compare compatibility- and case-folded", () => {
    expect(normaliseDisplayName(" Jose\u0301 ")).toBe("José");
    expect(canonicalName("Straße")).toBe(canonicalName("STRASSE"));
    expect(canonicalName("ﬁsh")).toBe("fish");
  });
});

describe("sanitiseDisplayName", () => {
  it("should drop what is not allowed rather than refuse", () => {
    expect(sanitiseDisplayName("Eve\u202E \u200Bnimda\n", { fallback: "GitHub user 1" })).toBe("Eve nimda");
    expect(sanitiseDisplayName("  Ada\tLovelace ", { fallback: "GitHub user 1" })).toBe("Ada Lovelace");
    expect(sanitiseDisplayName("Ada\uD800 🔬", { fallback: "GitHub user 1" })).toBe("Ada 🔬");
  });

  it("should fall back when nothing usable is left or the name impersonates", () => {
    expect(sanitiseDisplayName("\u200B\u3164", { fallback: "GitHub user 1" })).toBe("GitHub user 1");
    expect(sanitiseDisplayName("admin", { fallback: "GitHub user 1" })).toBe("GitHub user 1");
    expect(sanitiseDisplayName("Otsu threshold baseline (CSV)", { fallback: "GitHub user 1", baselineNames: BASELINES })).toBe("GitHub user 1");
  });
});
