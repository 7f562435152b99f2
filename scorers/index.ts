// The static registry: the worker sandbox, the CLI and the tests reach scorers only here.
import { accuracy } from "./accuracy";
import { apAtIou } from "./ap-at-iou";
import { auroc } from "./auroc";
import { ctcSeg } from "./ctc-seg";
import { dice } from "./dice";
import { dsb2018Map } from "./dsb2018-map";
import { f1AtIou } from "./f1-at-iou";
import { hpaMacroF1 } from "./hpa-macro-f1";
import { jaccard } from "./jaccard";
import { macroF1 } from "./macro-f1";
import { meanAveragePrecision } from "./mean-average-precision";
import { panopticQuality } from "./panoptic-quality";
import type { AnyScorer } from "./scorer";

export const scorerRegistry = {
  "dsb2018-map": dsb2018Map,
  "hpa-macro-f1": hpaMacroF1,
  "f1-at-iou": f1AtIou,
  "ap-at-iou": apAtIou,
  "panoptic-quality": panopticQuality,
  "ctc-seg": ctcSeg,
  dice,
  jaccard,
  auroc,
  "mean-average-precision": meanAveragePrecision,
  accuracy,
  "macro-f1": macroF1,
} as const satisfies Record<string, AnyScorer>;

type ScorerId = keyof typeof scorerRegistry;

export function getScorer(id: string): AnyScorer | undefined {
  return Object.hasOwn(scorerRegistry, id) ? scorerRegistry[id as ScorerId] : undefined;
}

export function listScorers() {
  return Object.values(scorerRegistry).map(({ id, version, title, outputs }) => ({ id, version, title, outputs }));
}

export type { AnyScorer } from "./scorer";
