// Reads a challenge bundle's zip without touching the database: challenge.yaml checked
// against the v1 schema, the four pages, the custom scorer's files if named. Every problem
// is collected with its place ("challenge.yaml: phases[1].endsAt: …", "pages/data.md: …")
// so a host fixes a bundle in one go.
import { unzipSync } from "fflate";
import { parseYaml } from "../../yaml-text";
import { z } from "zod";
import {
  BUNDLE_EXAMPLE_MODEL,
  BUNDLE_PAGE_FILES,
  BUNDLE_SCORER_DECLARATION,
  BUNDLE_SCORER_MODULE,
  ZChallengeBundleManifestSchema,
  type ChallengeBundleManifest,
} from "../../contracts/challenge-bundle";
import { zText } from "../../contracts/common";
import { printable } from "../../printable";

/** Pages are at most 50,000 characters, a scorer module 256 KiB: nothing in a bundle needs more, but an example model. */
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_MODEL_BYTES = 16 * 1024 * 1024;
const MANIFEST = "challenge.yaml";
const KNOWN_FILES = new Set<string>([MANIFEST, ...Object.values(BUNDLE_PAGE_FILES), BUNDLE_SCORER_MODULE, BUNDLE_SCORER_DECLARATION, BUNDLE_EXAMPLE_MODEL]);

export type ChallengeBundle = {
  manifest: ChallengeBundleManifest;
  pages: Record<keyof typeof BUNDLE_PAGE_FILES, string>;
  scorer: { module: string; declaration: unknown } | null;
  /** An ONNX challenge's example model, when the bundle carries one. */
  exampleModel: Uint8Array | null;
};

const zPage = zText({ max: 50_000, multiline: true });

/** zod's path as a reader writes it: phases[1].endsAt. */
function place(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "") || "(top level)";
}

export function readChallengeBundle(zip: Uint8Array): { ok: true; bundle: ChallengeBundle } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      // Sizes are checked before inflating, so a zip bomb is refused without being expanded.
      filter: (file) => {
        if (file.name.endsWith("/") || file.name.startsWith("__MACOSX/")) return false;
        if (!KNOWN_FILES.has(file.name)) {
          problems.push(`${printable(file.name, 200)}: not part of a challenge bundle (expected ${[...KNOWN_FILES].join(", ")})`);
          return false;
        }
        const limit = file.name === BUNDLE_EXAMPLE_MODEL ? MAX_MODEL_BYTES : MAX_FILE_BYTES;
        if (file.originalSize > limit) {
          problems.push(`${file.name}: ${file.originalSize} bytes, more than the ${limit} this bundle file may have`);
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    return { ok: false, problems: [`The upload is not a readable zip archive (${error instanceof Error ? error.message : String(error)}).`] };
  }
  const text = (name: string): string | null => {
    const bytes = files[name];
    if (!bytes) return null;
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      problems.push(`${name}: not UTF-8 text`);
      return null;
    }
  };

  let manifest: ChallengeBundleManifest | null = null;
  const yamlText = text(MANIFEST);
  if (yamlText === null) {
    if (!problems.some((p) => p.startsWith(MANIFEST))) problems.push(`${MANIFEST}: missing; a bundle has its settings in challenge.yaml at the top of the zip`);
  } else {
    const document = parseYaml(yamlText, MANIFEST);
    if (!document.ok) {
      problems.push(...document.problems);
    } else {
      const parsed = ZChallengeBundleManifestSchema.safeParse(document.value);
      if (parsed.success) manifest = parsed.data;
      else for (const issue of parsed.error.issues) problems.push(`${MANIFEST}: ${place(issue.path)}: ${/received undefined$/.test(issue.message) ? "missing" : issue.message}`);
    }
  }

  const pages: Partial<ChallengeBundle["pages"]> = {};
  for (const [page, name] of Object.entries(BUNDLE_PAGE_FILES) as [keyof typeof BUNDLE_PAGE_FILES, string][]) {
    const content = text(name);
    if (content === null) {
      if (!problems.some((p) => p.startsWith(name))) problems.push(`${name}: missing (the ${page} page, markdown)`);
      continue;
    }
    const parsed = zPage.safeParse(content);
    if (parsed.success) pages[page] = parsed.data;
    else problems.push(`${name}: ${parsed.error.issues[0]?.message ?? "not a valid page"}`);
  }

  let scorer: ChallengeBundle["scorer"] = null;
  if (manifest?.customScorer) {
    const module = text(BUNDLE_SCORER_MODULE);
    const declarationText = text(BUNDLE_SCORER_DECLARATION);
    if (module === null) problems.push(`${BUNDLE_SCORER_MODULE}: missing, though challenge.yaml names a custom scorer`);
    if (declarationText === null) problems.push(`${BUNDLE_SCORER_DECLARATION}: missing, though challenge.yaml names a custom scorer`);
    if (module !== null && declarationText !== null) {
      try {
        scorer = { module, declaration: z.json().parse(JSON.parse(declarationText)) };
      } catch {
        problems.push(`${BUNDLE_SCORER_DECLARATION}: not valid JSON`);
      }
    }
  } else if (manifest && (files[BUNDLE_SCORER_MODULE] || files[BUNDLE_SCORER_DECLARATION])) {
    problems.push(`challenge.yaml: customScorer: missing, though the zip holds ${BUNDLE_SCORER_MODULE}`);
  }

  const exampleModel = files[BUNDLE_EXAMPLE_MODEL] ?? null;
  if (manifest?.exampleModel && !exampleModel) problems.push(`${BUNDLE_EXAMPLE_MODEL}: missing, though challenge.yaml names it`);
  if (manifest && !manifest.exampleModel && exampleModel) problems.push(`challenge.yaml: exampleModel: missing, though the zip holds ${BUNDLE_EXAMPLE_MODEL}`);

  if (problems.length > 0 || !manifest) return { ok: false, problems };
  return { ok: true, bundle: { manifest, pages: pages as ChallengeBundle["pages"], scorer, exampleModel } };
}
