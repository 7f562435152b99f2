// The checks of a participant's ONNX file that need no onnxruntime, cheapest first: size,
// protobuf structure, external data, operator domains, and the declared input/output
// signature against the challenge's model contract. Pure: safe to run in the web server at
// upload. Messages go to the participant as they are, so they name tensors, ops and shapes,
// never anything about the server.
import type { proto } from "./build-onnx";
import { onnx } from "./build-onnx";
import type { ClassificationContract, ModelContract, SegmentationContract } from "./model-contract";
import { segmentationChannelCount } from "./model-contract";

/** Operator domains onnxruntime's default CPU build implements without custom-op libraries. */
const ALLOWED_DOMAINS: ReadonlySet<string> = new Set(["", "ai.onnx", "ai.onnx.ml"]);

export interface TensorSignature {
  name: string;
  /** onnxruntime's name for the element type ("float32", "int64", …). */
  type: string;
  /** Fixed sizes as numbers, symbolic dims as their names; [] when the model leaves the shape open. */
  shape: Array<number | string>;
}

export type InspectionResult =
  | { ok: true; inputs: TensorSignature[]; outputs: TensorSignature[] }
  | { ok: false; problems: string[] };

export interface InspectOptions {
  maxBytes: number;
}

export const formatMegabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

/** Subgraph (If, Loop, Scan body) nesting accepted; real models stay in single digits. */
export const MAX_SUBGRAPH_DEPTH = 32;

export const NOT_ONNX_PROBLEM = "The file is not an ONNX model (it could not be read as an ONNX ModelProto).";
export const TOO_DEEP_PROBLEM =
  `The model is nested too deeply: its subgraphs (If, Loop or Scan bodies) or types may be nested at most ${MAX_SUBGRAPH_DEPTH} levels deep.`;

export type DecodedModel = { ok: true; model: proto.IModelProto } | { ok: false; problem: string };

/** A stack overflow in the recursive protobuf decoder or encoder: the message is nested too deeply. */
const isStackOverflow = (error: unknown): boolean => error instanceof RangeError && /call stack/i.test(error.message);

/** Decodes the ModelProto, saying why not when the bytes are not one (or not plausibly one). */
export function decodeModelChecked(bytes: Uint8Array): DecodedModel {
  let model: proto.IModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    return { ok: false, problem: isStackOverflow(error) ? TOO_DEEP_PROBLEM : NOT_ONNX_PROBLEM };
  }
  // Protobuf happily decodes many non-ONNX byte strings into a ModelProto of unknown fields;
  // a real model always has an IR version and a graph.
  const irVersion = Number(model.irVersion ?? 0);
  if (!(irVersion > 0) || !model.graph) return { ok: false, problem: NOT_ONNX_PROBLEM };
  return { ok: true, model };
}

/**
 * The bytes that are stored and run: the decoded model encoded again. Protobuf lets a
 * singular field appear twice; the JS decoder keeps the last copy while onnxruntime's C++
 * parser merges both, so a field could hide from the checks. Re-encoding what was decoded
 * (unknown fields dropped, one copy of each field) leaves nothing unchecked.
 */
export function canonicalModelBytes(model: proto.IModelProto): { ok: true; bytes: Uint8Array } | { ok: false; problem: string } {
  try {
    return { ok: true, bytes: onnx.ModelProto.encode(model).finish() };
  } catch (error) {
    if (isStackOverflow(error)) return { ok: false, problem: TOO_DEEP_PROBLEM };
    throw error;
  }
}

function* graphsOf(attribute: proto.IAttributeProto): Iterable<proto.IGraphProto> {
  if (attribute.g) yield attribute.g;
  for (const g of attribute.graphs ?? []) yield g;
}

function* tensorsOf(attribute: proto.IAttributeProto): Iterable<proto.ITensorProto> {
  if (attribute.t) yield attribute.t;
  for (const t of attribute.tensors ?? []) yield t;
  for (const sparse of [...(attribute.sparseTensor ? [attribute.sparseTensor] : []), ...(attribute.sparseTensors ?? [])]) {
    if (sparse.values) yield sparse.values;
    if (sparse.indices) yield sparse.indices;
  }
}

interface GraphVisitor {
  tensor(tensor: proto.ITensorProto, where: string): void;
  node(node: proto.INodeProto, where: string): void;
}

interface PendingGraph {
  graph: proto.IGraphProto;
  where: string;
  depth: number;
}

/**
 * Visits every tensor and node of the model's graphs and of all their subgraphs (If, Loop,
 * Scan bodies), iteratively (a crafted model nests thousands deep; recursion would overflow
 * the stack). Returns false, having visited nothing beyond it, when nesting passes the limit.
 */
function walkModel(model: proto.IModelProto, visitor: GraphVisitor): boolean {
  const pending: PendingGraph[] = [];
  if (model.graph) pending.push({ graph: model.graph, where: "the main graph", depth: 0 });
  for (const training of model.trainingInfo ?? []) {
    if (training.initialization) pending.push({ graph: training.initialization, where: "the training initialisation graph", depth: 0 });
    if (training.algorithm) pending.push({ graph: training.algorithm, where: "the training algorithm graph", depth: 0 });
  }
  const visitNodes = (nodes: readonly proto.INodeProto[], where: string, depth: number): boolean => {
    for (const node of nodes) {
      visitor.node(node, where);
      const nodeLabel = `${node.opType ?? "?"} node "${node.name || node.output?.[0] || "?"}"`;
      for (const attribute of node.attribute ?? []) {
        for (const tensor of tensorsOf(attribute)) visitor.tensor(tensor, `${nodeLabel} in ${where}`);
        for (const sub of graphsOf(attribute)) {
          if (depth + 1 > MAX_SUBGRAPH_DEPTH) return false;
          pending.push({ graph: sub, where: `subgraph "${sub.name || attribute.name || "?"}" of ${nodeLabel}`, depth: depth + 1 });
        }
      }
    }
    return true;
  };
  for (const fn of model.functions ?? []) if (!visitNodes(fn.node ?? [], `function "${fn.name ?? "?"}"`, 0)) return false;
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { graph, where, depth } = next;
    for (const tensor of graph.initializer ?? []) visitor.tensor(tensor, where);
    for (const sparse of graph.sparseInitializer ?? []) {
      if (sparse.values) visitor.tensor(sparse.values, where);
      if (sparse.indices) visitor.tensor(sparse.indices, where);
    }
    if (!visitNodes(graph.node ?? [], where, depth)) return false;
  }
  return true;
}

/** Static problems: external data and operator domains. */
export function structuralProblems(model: proto.IModelProto): string[] {
  const external: string[] = [];
  const domains = new Map<string, Set<string>>();
  const withinDepth = walkModel(model, {
    tensor(tensor, where) {
      // External data names a file next to the model: on the server that would be a
      // file the participant chose, so it is never followed.
      const isExternal = tensor.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (tensor.externalData?.length ?? 0) > 0;
      if (isExternal) external.push(`tensor "${tensor.name || "(unnamed)"}" in ${where}`);
    },
    node(node) {
      const domain = node.domain ?? "";
      if (ALLOWED_DOMAINS.has(domain)) return;
      const ops = domains.get(domain) ?? new Set<string>();
      ops.add(node.opType ?? "?");
      domains.set(domain, ops);
    },
  });
  if (!withinDepth) return [TOO_DEEP_PROBLEM];
  for (const opset of model.opsetImport ?? []) {
    const domain = opset.domain ?? "";
    if (!ALLOWED_DOMAINS.has(domain) && !domains.has(domain)) domains.set(domain, new Set());
  }

  const problems: string[] = [];
  if (external.length > 0) {
    problems.push(
      `The model stores weights as external data (${listSome(external)}). ` +
        "Upload a single self-contained .onnx file (e.g. onnx.save(model, path, save_as_external_data=False)).",
    );
  }
  for (const [domain, ops] of domains) {
    const opList = ops.size > 0 ? `operator${ops.size > 1 ? "s" : ""} ${listSome([...ops].map((op) => `"${op}"`))}` : "an opset import";
    problems.push(
      `The model uses the custom operator domain "${domain}" (${opList}). ` +
        'Only standard ONNX operators (domains "", "ai.onnx", "ai.onnx.ml") are supported.',
    );
  }
  return problems;
}

function listSome(items: readonly string[], max = 5): string {
  const shown = items.slice(0, max).join(", ");
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

/**
 * onnxruntime's messages can quote file paths (its own sources, or a model path). Keep
 * the first line and blank out anything path-like before a participant sees it.
 */
export function participantSafeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = (text.split("\n").find((line) => line.trim() !== "") ?? "unknown error").trim();
  return firstLine
    .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@+-]+){2,}/g, "<path>")
    .replace(/\s+/g, " ")
    .slice(0, 300);
}

const describeShape = (shape: ReadonlyArray<number | string>): string =>
  shape.length === 0 ? "an unspecified shape" : `[${shape.map((d) => (typeof d === "number" ? String(d) : d === "" ? "?" : d)).join(", ")}]`;

const LABEL_OUTPUT_TYPES: ReadonlySet<string> = new Set(["float32", "int32", "int64", "uint8", "uint16", "int16", "uint32"]);

/** Compares one fixed dim with what the contract needs; symbolic dims always fit. */
function dimMismatch(actual: number | string | undefined, expected: number): boolean {
  return typeof actual === "number" && actual > 0 && actual !== expected;
}

export function signatureProblems(contract: ModelContract, inputs: TensorSignature[], outputs: TensorSignature[]): string[] {
  const problems: string[] = [];
  const input = inputs.find((i) => i.name === contract.inputName);
  const output = outputs.find((o) => o.name === contract.outputName);
  const names = (list: TensorSignature[]) => list.map((t) => `"${t.name}"`).join(", ") || "none";
  if (!input) {
    problems.push(`The challenge feeds an input named "${contract.inputName}", but the model's inputs are ${names(inputs)}.`);
  }
  const extraInputs = inputs.filter((i) => i.name !== contract.inputName);
  if (input && extraInputs.length > 0) {
    problems.push(`The model has inputs the platform cannot feed: ${names(extraInputs)}. It must take only "${contract.inputName}".`);
  }
  if (!output) {
    problems.push(`The challenge reads an output named "${contract.outputName}", but the model's outputs are ${names(outputs)}.`);
  }
  if (input) problems.push(...(contract.task === "segmentation" ? segmentationInputProblems(contract, input) : classificationInputProblems(contract, input)));
  if (output) {
    problems.push(...(contract.task === "segmentation" ? segmentationOutputProblems(contract, output) : classificationOutputProblems(contract, output)));
  }
  return problems;
}

function batchProblems(batchSize: number, dim: number | string | undefined, what: string): string[] {
  if (typeof dim === "number" && dim > 0 && dim !== batchSize) {
    return [`The ${what}'s batch dimension is fixed at ${dim}, but the challenge runs batches of ${batchSize}; make it dynamic (e.g. dynamic_axes={"${what}": {0: "N"}}) or ${batchSize}.`];
  }
  return [];
}

/** Both tasks feed float32 rank-4 tensors. */
function float32Rank4Problems(input: TensorSignature, expected: string): string[] {
  const problems: string[] = [];
  if (input.type !== "float32") problems.push(`Input "${input.name}" is ${input.type}; the challenge feeds ${expected}.`);
  if (input.shape.length !== 4) problems.push(`Input "${input.name}" has shape ${describeShape(input.shape)}; the challenge feeds ${expected} (rank 4).`);
  return problems;
}

function segmentationInputProblems(contract: SegmentationContract, input: TensorSignature): string[] {
  const channels = segmentationChannelCount(contract);
  const expected = `float32 [N, ${channels}, H, W]`;
  const problems = float32Rank4Problems(input, expected);
  if (input.shape.length !== 4) return problems;
  const [n, c, h, w] = input.shape;
  problems.push(...batchProblems(contract.batchSize, n, "input"));
  if (dimMismatch(c, channels)) {
    problems.push(`Input "${input.name}" has ${String(c)} channels; the challenge feeds ${channels} (${contract.channels}), as ${expected}.`);
  }
  if (contract.size.kind === "dynamic") {
    if (typeof h === "number" || typeof w === "number") {
      problems.push(
        `Input "${input.name}" has a fixed height or width (${describeShape(input.shape)}), but the challenge feeds images of varying size ` +
          `(padded to multiples of ${contract.size.stride}); export H and W as dynamic axes.`,
      );
    }
  } else if (dimMismatch(h, contract.size.height) || dimMismatch(w, contract.size.width)) {
    problems.push(
      `Input "${input.name}" has shape ${describeShape(input.shape)}; the challenge feeds tiles of ${contract.size.height} × ${contract.size.width}.`,
    );
  }
  return problems;
}

function segmentationOutputProblems(contract: SegmentationContract, output: TensorSignature): string[] {
  const kind = contract.output.kind;
  const channels = kind === "foregroundBoundary" ? 2 : 1;
  const expected = kind === "labels" ? "a label map [N, 1, H, W] or [N, H, W]" : `float32 [N, ${channels}, H, W]`;
  const problems: string[] = [];
  const typeOk = kind === "labels" ? LABEL_OUTPUT_TYPES.has(output.type) : output.type === "float32";
  if (!typeOk) problems.push(`Output "${output.name}" is ${output.type}; the challenge expects ${expected}.`);
  const rankOk = output.shape.length === 4 || (kind === "labels" && output.shape.length === 3);
  if (!rankOk) {
    problems.push(`Output "${output.name}" has shape ${describeShape(output.shape)}; the challenge expects ${expected}.`);
    return problems;
  }
  problems.push(...batchProblems(contract.batchSize, output.shape[0], "output"));
  if (output.shape.length === 4 && dimMismatch(output.shape[1], channels)) {
    problems.push(`Output "${output.name}" has ${String(output.shape[1])} channels; the challenge expects ${expected}.`);
  }
  if (contract.size.kind === "fixed") {
    const [h, w] = output.shape.slice(-2);
    if (dimMismatch(h, contract.size.height) || dimMismatch(w, contract.size.width)) {
      problems.push(`Output "${output.name}" has shape ${describeShape(output.shape)}; it must match the ${contract.size.height} × ${contract.size.width} input.`);
    }
  }
  return problems;
}

function classificationInputProblems(contract: ClassificationContract, input: TensorSignature): string[] {
  const s = contract.inputSize;
  const expected = `float32 [N, 4, ${s}, ${s}] (channels ${contract.channelOrder.join(", ")})`;
  const problems = float32Rank4Problems(input, expected);
  if (input.shape.length !== 4) return problems;
  const [n, c, h, w] = input.shape;
  problems.push(...batchProblems(contract.batchSize, n, "input"));
  if (dimMismatch(c, 4) || dimMismatch(h, s) || dimMismatch(w, s)) {
    problems.push(`Input "${input.name}" has shape ${describeShape(input.shape)}; the challenge feeds ${expected}.`);
  }
  return problems;
}

function classificationOutputProblems(contract: ClassificationContract, output: TensorSignature): string[] {
  const what = contract.activation === "sigmoid" ? "logits" : "probabilities";
  const expected = `float32 ${what} [N, ${contract.classCount}]`;
  const problems: string[] = [];
  if (output.type !== "float32") problems.push(`Output "${output.name}" is ${output.type}; the challenge expects ${expected}.`);
  if (output.shape.length !== 2) {
    problems.push(`Output "${output.name}" has shape ${describeShape(output.shape)}; the challenge expects ${expected} (rank 2).`);
    return problems;
  }
  problems.push(...batchProblems(contract.batchSize, output.shape[0], "output"));
  if (dimMismatch(output.shape[1], contract.classCount)) {
    problems.push(`Output "${output.name}" has ${String(output.shape[1])} classes; the challenge expects ${expected}.`);
  }
  return problems;
}
