// F-beta of one-to-one matches at IoU > 0.5, pooled over images: the worked example of
// scorers/CUSTOM-SCORERS.md. DSB files: truth ImageId,EncodedPixels,Height,Width[,Usage], submission ImageId,EncodedPixels.
const pixels = (rle) => {
  const runs = rle.trim() ? rle.trim().split(/\s+/).map(Number) : [];
  const set = new Set();
  for (let i = 0; i < runs.length; i += 2) for (let p = runs[i]; p < runs[i] + runs[i + 1]; p++) set.add(p);
  return set;
};
const iou = (a, b) => { let both = 0; for (const p of a) if (b.has(p)) both++; return both / (a.size + b.size - both); };

export default {
  id: "f-beta-at-iou", version: "1.0.0", title: "F-beta of matched objects at IoU 0.5",
  outputs: [{ key: "score", label: "F-beta", higherIsBetter: true, range: [0, 1] }],
  params: { beta: { type: "number", default: 1, min: 0.01, max: 100 } },
  loadTruth(text) {
    const [header = "", ...rows] = text.split(/\r?\n/).filter((row) => row.length > 0);
    const images = new Map();
    for (const row of rows) {
      const [id, rle, , , usage = null] = row.split(",");
      if (!images.has(id)) images.set(id, { usage, objects: [] });
      if (rle) images.get(id).objects.push(pixels(rle));
    }
    return { ok: true, value: { images, hasUsage: header.endsWith(",Usage") } };
  },
  init: (truth, params) => ({ truth, beta: params.beta, pred: new Map() }),
  update(state, line, lineNumber) {
    if (lineNumber === 1) return line === "ImageId,EncodedPixels" ? null : { message: 'The header must be "ImageId,EncodedPixels".', line: lineNumber };
    const [id, rle = ""] = line.split(",");
    if (!state.truth.images.has(id)) return { message: `Unknown ImageId "${id}".`, line: lineNumber };
    if (!state.pred.has(id)) state.pred.set(id, []);
    if (rle) state.pred.get(id).push(pixels(rle));
    return null;
  },
  merge(a, b) {
    for (const [id, objects] of b.pred) a.pred.set(id, [...(a.pred.get(id) ?? []), ...objects]);
    return a;
  },
  finalize(state) {
    const counts = { all: [0, 0, 0], Public: [0, 0, 0], Private: [0, 0, 0] }; // tp, fp, fn
    for (const [id, image] of state.truth.images) {
      if (image.usage === "Validation" || image.usage === "Ignored") continue;
      const pred = state.pred.get(id) ?? [];
      const tp = image.objects.filter((t) => pred.some((p) => iou(t, p) > 0.5)).length;
      for (const c of [counts.all, counts[image.usage]]) if (c) { c[0] += tp; c[1] += pred.length - tp; c[2] += image.objects.length - tp; }
    }
    const b2 = state.beta ** 2;
    const f = ([tp, fp, fn]) => (tp + fp + fn === 0 ? 1 : ((1 + b2) * tp) / ((1 + b2) * tp + b2 * fn + fp));
    const { hasUsage } = state.truth;
    return { ok: true, value: { score: f(counts.all), public: hasUsage ? f(counts.Public) : null, private: hasUsage ? f(counts.Private) : null } };
  },
};
