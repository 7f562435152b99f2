// Challenge bundles: export → import gives the same challenge; a bad bundle is refused with
// every problem in its place, and leaves nothing behind.
import crypto from "node:crypto";
import { strToU8, unzipSync, zipSync, strFromU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { getBlobStore } from "../../server/blob";
import { CUSTOM_TRUTH, EXAMPLE_SCORER_SOURCE, SAMPLE_SUBMISSION } from "../support/custom-scorer-cases";
import { bundleUpload, callerFor, createUser } from "../support/fixtures";

const HOUR = 3600_000;
const tag = () => crypto.randomBytes(4).toString("hex");

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

async function createDataset(): Promise<string> {
  const slug = `bundle-${tag()}`;
  await getPrisma().dataset.create({ data: { slug, name: "Bundle fixture", source: "fixture", truthKey: `truth/${slug}.csv` } });
  return slug;
}


/** The bundle with challenge.yaml changed by `edit` (or replaced by raw text). */
function rewrite(zip: Uint8Array, edit: ((manifest: Record<string, unknown>) => void) | string): Uint8Array {
  const files = unzipSync(zip);
  if (typeof edit === "string") files["challenge.yaml"] = strToU8(edit);
  else {
    const manifest = parse(strFromU8(files["challenge.yaml"]!)) as Record<string, unknown>;
    edit(manifest);
    files["challenge.yaml"] = strToU8(stringify(manifest));
  }
  return zipSync(files);
}

/** What must survive a round trip: everything but ids, slugs and computed state. */
async function comparable(slug: string) {
  const c = await callerFor(null).challenge.bySlug({ slug });
  return {
    title: c.title,
    summary: c.summary,
    taskType: c.taskType,
    pages: [c.overviewMd, c.dataMd, c.evaluationMd, c.rulesMd],
    metric: { id: c.metric.id, params: c.metric.params },
    rule: { ...c.metric.rule, version: undefined },
    submissionKinds: c.submissionKinds,
    modelContract: c.modelContract,
    dataset: c.dataset.name,
    phases: c.phases.map(({ name, startsAt, endsAt, dailyQuota, totalQuota, failedCountTowardsQuota, ladder }) => ({
      name,
      startsAt,
      endsAt,
      dailyQuota,
      totalQuota,
      failedCountTowardsQuota,
      ladder,
    })),
  };
}

describe("challenge bundles", () => {
  let host: SessionUser;
  let otherHost: SessionUser;
  let participant: SessionUser;
  let slug: string;
  let zip: Uint8Array;
  const challengeCount = () => getPrisma().challenge.count();

  beforeAll(async () => {
    host = await createUser("host");
    otherHost = await createUser("host");
    participant = await createUser();
    slug = `bundle-${tag()}`;
    const start = new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR);
    await callerFor(host).challenge.create({
      slug,
      title: "Bundle challenge",
      summary: "Exported and imported again",
      datasetSlug: await createDataset(),
      metricId: "f1-at-iou",
      metricParams: { threshold: 0.7 },
      phase: { name: "Stage 1", startsAt: start, endsAt: new Date(start.getTime() + 24 * HOUR), dailyQuota: 0, totalQuota: 10, confirmQuota: true },
      pages: { overview: "# Overview\nÜmlauts, `code` and: a colon.\n", rules: "## Rules\n- be kind\n" },
    });
    const phaseId = (await getPrisma().phase.findFirstOrThrow({ where: { challenge: { slug } }, select: { id: true } })).id;
    await callerFor(host).challenge.updatePhase({ phaseId, failedCountTowardsQuota: true, ladder: true, confirmQuota: true });
    await callerFor(host).challenge.addPhase({ slug, name: "Final", startsAt: new Date(start.getTime() + 48 * HOUR), endsAt: new Date(start.getTime() + 96 * HOUR), dailyQuota: 2, totalQuota: 4 });
    const exported = await callerFor(host).challenge.exportBundle({ slug });
    expect(exported.filename).toBe(`${slug}-bundle.zip`);
    zip = new Uint8Array(Buffer.from(exported.base64, "base64"));
  });

  it("should hold challenge.yaml and the four pages", () => {
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(["challenge.yaml", "pages/data.md", "pages/evaluation.md", "pages/overview.md", "pages/rules.md"]);
    const manifest = parse(strFromU8(files["challenge.yaml"]!)) as { format: number; dataset: { slug: string }; phases: { startsAt: string; confirmQuota?: boolean }[] };
    expect(manifest.format).toBe(1);
    expect(manifest.phases).toHaveLength(2);
    expect(manifest.phases[0]!.startsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // A daily quota of 0 was kept on purpose; the bundle says so, and the import keeps it.
    expect(manifest.phases[0]!.confirmQuota).toBe(true);
  });

  it("should give the same challenge under a new slug after export and import", async () => {
    const newSlug = `bundle-copy-${tag()}`;
    const created = await callerFor(otherHost).challenge.importBundle(bundleUpload(zip, { slug: newSlug }));
    expect(created.slug).toBe(newSlug);
    expect(await comparable(newSlug)).toEqual(await comparable(slug));
    // The importer hosts the copy; the exporting host does not.
    expect((await callerFor(otherHost).challenge.hosts({ slug: newSlug })).map((h) => h.id)).toEqual([otherHost.id]);
    // And exporting the copy gives the same bundle but for the slug.
    const again = unzipSync(new Uint8Array(Buffer.from((await callerFor(otherHost).challenge.exportBundle({ slug: newSlug })).base64, "base64")));
    const first = unzipSync(zip);
    expect(strFromU8(again["challenge.yaml"]!).replace(newSlug, slug)).toBe(strFromU8(first["challenge.yaml"]!));
    for (const page of ["overview", "data", "evaluation", "rules"]) expect(strFromU8(again[`pages/${page}.md`]!)).toBe(strFromU8(first[`pages/${page}.md`]!));
  });

  it("should use the bundle's slug when none is given, and refuse it when taken", async () => {
    const own = `bundle-own-${tag()}`;
    const bundle = rewrite(zip, (m) => {
      m.slug = own;
    });
    expect((await callerFor(host).challenge.importBundle(bundleUpload(bundle))).slug).toBe(own);
    const before = await challengeCount();
    await expect(callerFor(host).challenge.importBundle(bundleUpload(bundle))).rejects.toThrow(new RegExp(`challenge.yaml: slug: a challenge at /challenges/${own} already exists`));
    expect(await challengeCount()).toBe(before);
  });

  describe("refusals", () => {
    const refuses = async (user: SessionUser, body: () => Blob, message: RegExp, code = "BAD_REQUEST") => {
      const before = await challengeCount();
      const phases = await getPrisma().phase.count();
      const error = await callerFor(user).challenge.importBundle(body()).then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
      expect(await challengeCount()).toBe(before);
      expect(await getPrisma().phase.count()).toBe(phases);
    };

    it("should refuse a zip without challenge.yaml", async () => {
      const files = unzipSync(zip);
      delete files["challenge.yaml"];
      await refuses(host, () => bundleUpload(zipSync(files), { slug: `x-${tag()}` }), /challenge\.yaml: missing/);
    });

    it("should refuse bad YAML, naming its line", async () => {
      const text = strFromU8(unzipSync(zip)["challenge.yaml"]!);
      const broken = text.replace(/^(title: .*)$/m, "$1\ntitle: twice");
      const line = broken.split("\n").indexOf("title: twice") + 1;
      expect(line).toBeGreaterThan(1);
      await refuses(host, () => bundleUpload(rewrite(zip, broken), { slug: `x-${tag()}` }), new RegExp(`challenge\\.yaml: line ${line}, column 1: Map keys must be unique`));
    });

    it("should list every schema problem with its place", async () => {
      const bundle = rewrite(zip, (m) => {
        const phases = m.phases as Record<string, unknown>[];
        phases[1]!.endsAt = "next tuesday";
        phases[0]!.dailyQuota = -1;
        delete m.title;
      });
      await refuses(host, () => bundleUpload(bundle, { slug: `x-${tag()}` }), /challenge\.yaml: phases\[1\]\.endsAt: must be an ISO 8601 instant/);
      await expect(callerFor(host).challenge.importBundle(bundleUpload(bundle, { slug: `x-${tag()}` }))).rejects.toThrow(/^The bundle was not imported:\n(- challenge\.yaml: .*\n){2}- challenge\.yaml: [^\n]*$/);
      await expect(callerFor(host).challenge.importBundle(bundleUpload(bundle, { slug: `x-${tag()}` }))).rejects.toThrow(/- challenge\.yaml: title: missing\n/);
      await expect(callerFor(host).challenge.importBundle(bundleUpload(bundle, { slug: `x-${tag()}` }))).rejects.toThrow(/- challenge\.yaml: phases\[0\]\.dailyQuota: /);
    });

    it("should refuse a dataset this site does not have", async () => {
      const bundle = rewrite(zip, (m) => {
        m.dataset = { slug: "no-such-dataset" };
      });
      await refuses(host, () => bundleUpload(bundle, { slug: `x-${tag()}` }), /challenge\.yaml: dataset\.slug: no dataset "no-such-dataset" on this site/);
    });

    it("should refuse overlapping phases", async () => {
      const bundle = rewrite(zip, (m) => {
        const phases = m.phases as Record<string, unknown>[];
        phases[1]!.startsAt = phases[0]!.startsAt;
      });
      await refuses(host, () => bundleUpload(bundle, { slug: `x-${tag()}` }), /challenge\.yaml: phases\[1\]: "Final" .* overlaps phases\[0\] "Stage 1"/);
    });

    it("should refuse a missing page and a file that is not part of a bundle", async () => {
      const files = unzipSync(zip);
      delete files["pages/rules.md"];
      files["notes.txt"] = strToU8("hello");
      await refuses(host, () => bundleUpload(zipSync(files), { slug: `x-${tag()}` }), /notes\.txt: not part of a challenge bundle[\s\S]*pages\/rules\.md: missing/);
    });

    it("should refuse what is not a zip", async () => {
      await refuses(host, () => bundleUpload(strToU8("not a zip at all"), { slug: `x-${tag()}` }), /not a readable zip archive/);
    });

    it("should refuse participants, and keep other hosts' challenges from being exported", async () => {
      await refuses(participant, () => bundleUpload(zip, { slug: `x-${tag()}` }), /Only challenge hosts/, "FORBIDDEN");
      await expect(callerFor(participant).challenge.exportBundle({ slug })).rejects.toMatchObject({ code: "FORBIDDEN" });
      const stranger = await createUser("host");
      await expect(callerFor(stranger).challenge.exportBundle({ slug })).rejects.toMatchObject({ code: "NOT_FOUND" });
    });
  });

  describe("with a custom scorer and a scoring rule", () => {
    const datasetSlug = `bundle-scorer-${tag()}`;
    const source = `bundle-src-${tag()}`;
    beforeAll(async () => {
      await getBlobStore().put(`truth/${datasetSlug}.csv`, CUSTOM_TRUTH);
      await getBlobStore().put(`datasets/${datasetSlug}/sample_submission.csv`, SAMPLE_SUBMISSION);
      await getPrisma().dataset.create({ data: { slug: datasetSlug, name: "Bundle scorer fixture", source: "fixture", truthKey: `truth/${datasetSlug}.csv`, sampleSubmissionKey: `datasets/${datasetSlug}/sample_submission.csv` } });
    });

    it("should carry the scorer, try it on the new challenge's data and make it the metric under the same rule", async () => {
      const start = new Date(Math.floor(Date.now() / 1000) * 1000 - HOUR);
      await callerFor(host).challenge.create({
        slug: source,
        title: "Custom-scored challenge",
        summary: "Carries its scorer",
        datasetSlug,
        metricId: "panoptic-quality",
        scoring: { ranking: { output: "score", direction: "higher", tieBreak: "shared-rank" }, columns: ["sq"], privateBoard: "all-test-images" },
        phase: { name: "Stage 1", startsAt: start, endsAt: new Date(start.getTime() + 24 * HOUR), dailyQuota: 5, totalQuota: 10 },
      });
      const builtIn = unzipSync(new Uint8Array(Buffer.from((await callerFor(host).challenge.exportBundle({ slug: source })).base64, "base64")));
      expect((parse(strFromU8(builtIn["challenge.yaml"]!)) as { scoring: unknown }).scoring).toEqual({
        ranking: { output: "score", direction: "higher", tieBreak: "shared-rank" },
        columns: ["sq"],
        privateBoard: "all-test-images",
      });
      const uploaded = await callerFor(host).customScorer.upload({ challengeSlug: source, filename: "f-beta.js", source: EXAMPLE_SCORER_SOURCE, params: { beta: 2 }, knownAnswers: [] });
      expect(uploaded.status).toBe("passed");
      await callerFor(host).customScorer.setChallengeScorer({ challengeSlug: source, customScorerVersionId: uploaded.version!.id });

      const exported = new Uint8Array(Buffer.from((await callerFor(host).challenge.exportBundle({ slug: source })).base64, "base64"));
      expect(Object.keys(unzipSync(exported))).toEqual(expect.arrayContaining(["scorer/module.cjs", "scorer/declaration.json"]));
      const copy = `bundle-scorer-copy-${tag()}`;
      await callerFor(otherHost).challenge.importBundle(bundleUpload(exported, { slug: copy }));
      expect(await comparable(copy)).toEqual(await comparable(source));
      const rule = await callerFor(otherHost).scoringRule.get({ slug: copy });
      expect(rule.rule).toEqual({
        metric: { id: "custom:f-beta-at-iou@1.0.0", params: { beta: 2 } },
        ranking: { output: "score", direction: "higher", tieBreak: "shared-rank" },
        columns: [],
        privateBoard: "all-test-images",
      });
      const versions = await callerFor(otherHost).customScorer.list({ challengeSlug: copy });
      expect(versions.map((v) => [v.metricId, v.live, v.cases.map((c) => [c.kind, c.passed])])).toEqual([["custom:f-beta-at-iou@1.0.0", true, [["sample", true]]]]);
    });

    it("should refuse a bundle whose custom scorer fails its trial here, leaving nothing stored", async () => {
      const files = unzipSync(new Uint8Array(Buffer.from((await callerFor(host).challenge.exportBundle({ slug: source })).base64, "base64")));
      files["scorer/module.cjs"] = strToU8("module.exports = {};\n");
      const counts = async () => [await challengeCount(), await getPrisma().phase.count(), await getPrisma().customScorerVersion.count(), await getPrisma().scoringRuleVersion.count()];
      const before = await counts();
      const error = await callerFor(otherHost).challenge.importBundle(bundleUpload(zipSync(files), { slug: `x-${tag()}` })).then(() => null, (e: unknown) => e);
      expect(error).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/scorer\/module\.cjs: the custom scorer failed its trial on this site's data: The (module could not be loaded|scorer's declaration is invalid)/) });
      expect(await counts()).toEqual(before);
    });
  });
});
