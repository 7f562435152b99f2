// The differential truth test: the same submissions, scored against two hidden truths that
// differ only in private images (masks, object counts, labels), must give participants of
// an open phase byte-identical answers from every procedure they can call: submission
// pages, lists, quota, leaderboards, challenge pages, transfer tables, error messages.
// And against two splits that differ only in which images are private, everything but the
// public score (with its breakdowns over public images, and what ranks by it) must match.
// The CLI prints what these same procedures return.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getBlobStore } from "../../server/blob";
import type { SessionUser } from "../../server/contracts/common";
import { disconnectPrisma, getPrisma } from "../../server/db/client";
import { stopQueue } from "../../server/queue/scoring-queue";
import { processSubmission } from "../../server/services/scoring/process-submission";
import { computeBoardStatistics } from "../../server/services/statistics/compute-board-statistics";
import { builtInScoringRule, callerFor, createUser, uploadStream } from "../support/fixtures";

afterAll(async () => {
  await stopQueue();
  await disconnectPrisma();
});

const HOUR = 3600_000;
// One phase window for every world: dates in messages must not differ by when a world was made.
const STARTS_AT = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR);
const ENDS_AT = new Date(STARTS_AT.getTime() + 48 * HOUR);
const SIZE = 8; // images are 8×8

interface TestImage {
  id: string;
  usage: "Public" | "Private";
  condition: string;
}

/** 12 public and 8 private test images in two conditions (6 + 4 of each). */
function testImages(prefix: string): TestImage[] {
  return Array.from({ length: 20 }, (_, i) => ({
    id: `${prefix}${String(i).padStart(2, "0")}`,
    usage: i < 12 ? "Public" : "Private",
    condition: (i < 12 ? i < 6 : i < 16) ? "fluorescence" : "histology",
  }));
}

/** The same images with `count` public/private pairs swapped within each condition. */
function swapSplit(images: TestImage[]): TestImage[] {
  const swapped = images.map((im) => ({ ...im }));
  for (const condition of ["fluorescence", "histology"]) {
    const pub = swapped.filter((im) => im.condition === condition && im.usage === "Public");
    const priv = swapped.filter((im) => im.condition === condition && im.usage === "Private");
    for (let k = 0; k < 2; k++) {
      pub[k]!.usage = "Private";
      priv[k]!.usage = "Public";
    }
  }
  return swapped;
}

interface World {
  slug: string;
  challengeId: string;
  datasetSlug: string;
  phaseId: string;
  submissionIds: string[];
}

/** A dataset + challenge with the given truth, test items and metric, open for a day. */
async function createWorld(options: { task: "instance_segmentation" | "multilabel_classification"; metricId: string; truth: string; images: TestImage[]; title: string }): Promise<World> {
  const tag = crypto.randomBytes(4).toString("hex");
  const datasetSlug = `diff-${tag}`;
  const truthKey = `truth/${datasetSlug}/truth.csv`;
  await getBlobStore().put(truthKey, options.truth);
  const dataset = await getPrisma().dataset.create({
    data: {
      slug: datasetSlug,
      name: "differential fixture",
      source: "fixture",
      truthKey,
      taskType: options.task,
      publicMetadataKeys: ["condition"],
      items: {
        create: options.images.map((im) => ({
          imageId: im.id,
          split: im.usage === "Public" ? "public_test" : "private_test",
          width: SIZE,
          height: SIZE,
          metadata: { condition: im.condition },
          imageKey: `datasets/${datasetSlug}/images/${im.id}.png`,
        })),
      },
    },
    select: { id: true },
  });
  const challenge = await getPrisma().challenge.create({
    data: {
      slug: `diff-${tag}`,
      title: options.title,
      summary: "differential fixture",
      overviewMd: "",
      dataMd: "",
      evaluationMd: "",
      rulesMd: "",
      taskType: options.task,
      metricId: options.metricId,
      scoringRule: builtInScoringRule(options.metricId),
      submissionKinds: ["prediction_csv"],
      datasetId: dataset.id,
      phases: { create: [{ name: "Stage 1", startsAt: STARTS_AT, endsAt: ENDS_AT, dailyQuota: 100, totalQuota: 100 }] },
    },
    select: { id: true, slug: true, phases: { select: { id: true } } },
  });
  return { slug: challenge.slug, challengeId: challenge.id, datasetSlug, phaseId: challenge.phases[0]!.id, submissionIds: [] };
}

async function submitAll(world: World, user: SessionUser, files: string[]): Promise<void> {
  for (const content of files) {
    const { id } = await callerFor(user).submission.create(uploadStream(world.slug, content));
    await processSubmission(id, { workerId: "differential" });
    world.submissionIds.push(id);
  }
  // What a worker does after scoring: the boards' intervals and rank statistics.
  await computeBoardStatistics(world.phaseId);
}

/** A procedure's answer, or its error as the client gets it (code and message). */
async function answer<T>(call: () => Promise<T>): Promise<unknown> {
  try {
    return { ok: await call() };
  } catch (error) {
    const e = error as { code?: string; message?: string };
    return { error: { code: e.code, message: e.message } };
  }
}

/** Everything a participant (the submitter, another participant, anyone) can fetch about a world. */
async function participantView(world: World, submitter: SessionUser, other: SessionUser): Promise<unknown> {
  const as = callerFor(submitter);
  const view: Record<string, unknown> = {};
  for (const [i, id] of world.submissionIds.entries()) {
    view[`byId ${i}`] = await answer(() => as.submission.byId({ id }));
    view[`byId ${i} (other participant)`] = await answer(() => callerFor(other).submission.byId({ id }));
  }
  view.mine = await answer(() => as.submission.mine({ challenge: world.slug }));
  view.quota = await answer(() => as.submission.quota({ slug: world.slug }));
  for (const [who, caller] of [["submitter", as], ["anonymous", callerFor(null)]] as const) {
    view[`leaderboard public ${who}`] = await answer(() => caller.leaderboard.get({ challenge: world.slug, board: "public" }));
    view[`leaderboard private ${who}`] = await answer(() => caller.leaderboard.get({ challenge: world.slug, board: "private" }));
    view[`bySlug ${who}`] = await answer(() => caller.challenge.bySlug({ slug: world.slug }));
    view[`data ${who}`] = await answer(() => caller.challenge.data({ slug: world.slug }));
    view[`gallery ${who}`] = await answer(() => caller.challenge.gallery({ slug: world.slug }));
    view[`transfers ${who}`] = await answer(() => caller.challenge.transfers({ slug: world.slug }));
    view[`list ${who}`] = await answer(async () => (await caller.challenge.list()).filter((c) => c.slug === world.slug));
  }
  view.quotaAfterEverything = await answer(() => as.submission.quota({ slug: world.slug }));
  return view;
}

/** Values that differ between any two worlds whatever the truth: ids, slugs, dates, timings. */
function normalize(value: unknown, world: World): unknown {
  const tokens: Array<[string, string]> = [
    [world.slug, "<slug>"],
    [world.datasetSlug, "<dataset>"],
    [world.phaseId, "<phase>"],
    [world.challengeId, "<challenge>"],
    ...world.submissionIds.map((id, i): [string, string] => [id, `<submission ${i}>`]),
  ];
  const walk = (v: unknown, key: string): unknown => {
    if (v instanceof Date) return "<date>";
    if (key === "scoringMs") return "<duration>";
    if (typeof v === "string") return tokens.reduce((s, [from, to]) => s.split(from).join(to), v);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(value, "");
}

/** Fields that are the public score or are computed from it and the public images alone. */
function maskPublicScore(value: unknown): unknown {
  const PUBLIC_SCORE_KEYS = new Set(["publicScore", "perThreshold", "perCondition", "score", "history", "submissionId", "stats", "statistics"]);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, PUBLIC_SCORE_KEYS.has(k) ? "<public score>" : walk(x)]));
    return v;
  };
  return walk(value);
}

const stable = (v: unknown) => JSON.stringify(v, null, 1);

// ---- DSB-style -----------------------------------------------------------------------------

/** Run-length rows of a truth: one object per image, or for "other" truths, other objects on private images. */
function dsbTruth(images: TestImage[], privateVariant: boolean): string {
  const rows = ["ImageId,EncodedPixels,Height,Width,Usage"];
  for (const [i, im] of images.entries()) {
    const objects = privateVariant && im.usage === "Private"
      ? (i % 2 === 0 ? ["1 8", "17 8", "33 3"] : []) // other masks, other object counts (even none)
      : [`${1 + (i % 4) * 8} 8`, `${41 + (i % 3)} 4`];
    if (objects.length === 0) rows.push(`${im.id},,${SIZE},${SIZE},${im.usage}`);
    for (const rle of objects) rows.push(`${im.id},${rle},${SIZE},${SIZE},${im.usage}`);
  }
  return rows.join("\n") + "\n";
}

function dsbSubmissions(images: TestImage[], privateIds: string[]): string[] {
  const right = ["ImageId,EncodedPixels", ...images.flatMap((im, i) => [`${im.id},${1 + (i % 4) * 8} 8`, `${im.id},${41 + (i % 3)} 4`])].join("\n") + "\n";
  const half = ["ImageId,EncodedPixels", ...images.filter((_, i) => i % 2 === 0).map((im, i) => `${im.id},${1 + (i % 4) * 8} 6`)].join("\n") + "\n";
  const target = privateIds[0]!;
  return [
    right,
    half,
    "ImageId,EncodedPixels\n", // header only: used to return true-object counts per image
    `ImageId,EncodedPixels\n${target},1 64\n`, // one private image covered whole
    `ImageId,EncodedPixels\n${target},1 2 3\n`, // odd RLE on a private image
    `ImageId,EncodedPixels\n${target},60 10\n`, // a run past the end of a private image
    `ImageId,EncodedPixels\n${target},1 5\n${target},3 5\n`, // overlapping objects on a private image
    "ImageId,EncodedPixels\nnot-an-image,1 1\n",
  ];
}

// ---- HPA-style -----------------------------------------------------------------------------

function hpaTruth(images: TestImage[], privateVariant: boolean): string {
  const rows = ["Id,Target,Usage"];
  for (const [i, im] of images.entries()) {
    const labels = privateVariant && im.usage === "Private" ? [(i * 7) % 28, (i * 11 + 3) % 28] : [i % 5, (i + 2) % 5];
    rows.push(`${im.id},${[...new Set(labels)].join(" ")},${im.usage}`);
  }
  return rows.join("\n") + "\n";
}

function hpaSubmissions(images: TestImage[], privateIds: string[]): string[] {
  const target = privateIds[0]!;
  const all28 = Array.from({ length: 28 }, (_, c) => c).join(" ");
  return [
    ["Id,Predicted", ...images.map((im, i) => `${im.id},${i % 5} ${(i + 2) % 5}`)].join("\n") + "\n",
    ["Id,Predicted", ...images.map((im, i) => `${im.id},${i % 3}`)].join("\n") + "\n",
    // Every label on one private image, nothing elsewhere: per-class values used to spell out its labels.
    ["Id,Predicted", ...images.map((im) => `${im.id},${im.id === target ? all28 : ""}`)].join("\n") + "\n",
    "Id,Predicted\n", // every row missing
    ["Id,Predicted", ...images.map((im) => `${im.id},${im.id === target ? "29" : "0"}`)].join("\n") + "\n", // a class out of range on a private image
  ];
}

const TASKS = [
  { name: "DSB-style (dsb2018-map)", task: "instance_segmentation", metricId: "dsb2018-map", truth: dsbTruth, submissions: dsbSubmissions },
  { name: "HPA-style (hpa-macro-f1)", task: "multilabel_classification", metricId: "hpa-macro-f1", truth: hpaTruth, submissions: hpaSubmissions },
] as const;

describe.each(TASKS)("differential truth test, $name", ({ task, metricId, truth, submissions }) => {
  let submitter: SessionUser;
  let other: SessionUser;
  const views: Record<"base" | "otherPrivateTruth" | "otherSplit", { world: World; view: unknown }> = {} as never;

  beforeAll(async () => {
    submitter = await createUser();
    other = await createUser();
    const images = testImages("im");
    const split = swapSplit(images);
    const privateIds = images.filter((im) => im.usage === "Private" && split.find((s) => s.id === im.id)?.usage === "Private").map((im) => im.id);
    const files = submissions(images, privateIds);
    const worlds = {
      base: { truth: truth(images, false), images },
      otherPrivateTruth: { truth: truth(images, true), images },
      otherSplit: { truth: truth(split, false), images: split },
    };
    for (const [name, spec] of Object.entries(worlds) as Array<[keyof typeof worlds, (typeof worlds)[keyof typeof worlds]]>) {
      const world = await createWorld({ task, metricId, truth: spec.truth, images: spec.images, title: "Differential challenge" });
      await submitAll(world, submitter, files);
      views[name] = { world, view: await participantView(world, submitter, other) };
    }
  }, 240_000);

  it("should score the submissions (the worlds really differ in private truth)", async () => {
    // Straight from the database: no one can see these during the phase but the hosts.
    const privateScores = async (world: World) =>
      (await getPrisma().submission.findMany({ where: { id: { in: world.submissionIds } }, orderBy: { createdAt: "asc" }, select: { privateScore: true } })).map((s) => s.privateScore);
    const [base, otherTruth] = [await privateScores(views.base.world), await privateScores(views.otherPrivateTruth.world)];
    expect(base.some((score) => score !== null)).toBe(true);
    expect(base).not.toEqual(otherTruth);
  });

  it("should give participants identical bytes when only private truth differs", () => {
    const a = stable(normalize(views.base.view, views.base.world));
    const b = stable(normalize(views.otherPrivateTruth.view, views.otherPrivateTruth.world));
    expect(b).toBe(a);
  });

  it("should give participants identical bytes, but for the public score, when only the split differs", () => {
    const a = normalize(views.base.view, views.base.world);
    const c = normalize(views.otherSplit.view, views.otherSplit.world);
    // The public score itself does move (otherwise this comparison would prove nothing).
    expect(stable(c)).not.toBe(stable(a));
    expect(stable(maskPublicScore(c))).toBe(stable(maskPublicScore(a)));
  });

  it("should show no per-image rows, per-class values, private scores or object counts during the phase", () => {
    const text = stable(views.base.view);
    expect(text).not.toMatch(/"(tp50|fn50|fp50|support|privateScore": \d)/);
    const own = (views.base.view as Record<string, { ok?: { breakdown: { perItem: unknown[]; perClass: unknown[] } } }>)["byId 0"]?.ok;
    expect(own?.breakdown.perItem).toEqual([]);
    expect(own?.breakdown.perClass).toEqual([]);
  });
});
