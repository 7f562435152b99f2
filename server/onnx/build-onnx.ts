// Small builders for ONNX graphs through onnx-proto, so baselines and test models are
// written in TypeScript instead of shipped as opaque binaries. Only what we use: float and
// int64 tensors, typed attributes, value infos with symbolic dims, one opset.
import onnxProto from "onnx-proto";
import type { onnx as proto } from "onnx-proto";

// onnx-proto is CommonJS without static export names, so Node's ESM loader only offers the
// default export; the namespace types come from its d.ts.
export const { onnx } = onnxProto;
export type { proto };

/** ai.onnx opset of every model we build (ONNX 1.12+, supported by onnxruntime ≥ 1.12). */
export const OPSET_VERSION = 17;
/** IR version 8 is the newest the onnx-proto schema (ONNX 1.10) knows and accepts opset 17. */
const IR_VERSION = 8;

export const ElementType = onnx.TensorProto.DataType;

/** A dimension: a fixed size, or a symbolic name ("N", "H") that the runtime resolves per run. */
export type Dim = number | string;

function littleEndianBytes(values: ArrayLike<number>, bytesPerValue: 4 | 8, write: (view: DataView, offset: number, value: number) => void): Uint8Array {
  const bytes = new Uint8Array(values.length * bytesPerValue);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) write(view, i * bytesPerValue, values[i] ?? 0);
  return bytes;
}

/** A float32 tensor stored as raw little-endian bytes (what exporters write, and compact). */
export function floatTensor(name: string, dims: readonly number[], values: ArrayLike<number>): proto.ITensorProto {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (values.length !== expected) throw new RangeError(`tensor ${name}: ${values.length} values for dims [${dims.join(", ")}]`);
  return {
    name,
    dims: [...dims],
    dataType: ElementType.FLOAT,
    rawData: littleEndianBytes(values, 4, (view, offset, value) => view.setFloat32(offset, value, true)),
  };
}

export function int64Tensor(name: string, dims: readonly number[], values: ArrayLike<number>): proto.ITensorProto {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (values.length !== expected) throw new RangeError(`tensor ${name}: ${values.length} values for dims [${dims.join(", ")}]`);
  return {
    name,
    dims: [...dims],
    dataType: ElementType.INT64,
    rawData: littleEndianBytes(values, 8, (view, offset, value) => view.setBigInt64(offset, BigInt(value), true)),
  };
}

export function boolTensor(name: string, dims: readonly number[], values: readonly boolean[]): proto.ITensorProto {
  return { name, dims: [...dims], dataType: ElementType.BOOL, rawData: Uint8Array.from(values, (v) => (v ? 1 : 0)) };
}

/** A graph input or output: element type plus shape; strings become symbolic dims. */
export function tensorValueInfo(name: string, elemType: number, dims: readonly Dim[]): proto.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

const AttributeType = onnx.AttributeProto.AttributeType;

/** Typed attribute builders: a bare number cannot say whether it is an INT or a FLOAT. */
export const attr = {
  int: (name: string, i: number): proto.IAttributeProto => ({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: readonly number[]): proto.IAttributeProto => ({ name, type: AttributeType.INTS, ints: [...ints] }),
  float: (name: string, f: number): proto.IAttributeProto => ({ name, type: AttributeType.FLOAT, f }),
  floats: (name: string, floats: readonly number[]): proto.IAttributeProto => ({ name, type: AttributeType.FLOATS, floats: [...floats] }),
  string: (name: string, s: string): proto.IAttributeProto => ({ name, type: AttributeType.STRING, s: new TextEncoder().encode(s) }),
  tensor: (name: string, t: proto.ITensorProto): proto.IAttributeProto => ({ name, type: AttributeType.TENSOR, t }),
  graph: (name: string, g: proto.IGraphProto): proto.IAttributeProto => ({ name, type: AttributeType.GRAPH, g }),
};

export interface NodeOptions {
  /** Operator set domain; "" is the default ai.onnx domain. */
  domain?: string;
  name?: string;
}

export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: readonly proto.IAttributeProto[] = [],
  options: NodeOptions = {},
): proto.INodeProto {
  return {
    opType,
    input: [...inputs],
    output: [...outputs],
    attribute: [...attributes],
    domain: options.domain ?? "",
    name: options.name ?? `${opType}_${outputs[0] ?? ""}`,
  };
}

export interface GraphSpec {
  name: string;
  nodes: readonly proto.INodeProto[];
  inputs: readonly proto.IValueInfoProto[];
  outputs: readonly proto.IValueInfoProto[];
  initializers?: readonly proto.ITensorProto[];
}

export function graph(spec: GraphSpec): proto.IGraphProto {
  return {
    name: spec.name,
    node: [...spec.nodes],
    input: [...spec.inputs],
    output: [...spec.outputs],
    initializer: [...(spec.initializers ?? [])],
  };
}

export interface ModelSpec {
  graph: proto.IGraphProto;
  /** Extra opset imports (e.g. a custom domain); ai.onnx at {@link OPSET_VERSION} is always there. */
  extraOpsets?: ReadonlyArray<{ domain: string; version: number }>;
  docString?: string;
}

function buildModel(spec: ModelSpec): proto.IModelProto {
  return {
    irVersion: IR_VERSION,
    producerName: "scopebench",
    producerVersion: "1",
    opsetImport: [{ domain: "", version: OPSET_VERSION }, ...(spec.extraOpsets ?? [])],
    graph: spec.graph,
    docString: spec.docString ?? "",
  };
}

/** Serialised model bytes, ready for onnxruntime or an upload. */
export function encodeModel(model: proto.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish();
}

/** {@link buildModel} then {@link encodeModel}. */
export function modelBytes(spec: ModelSpec): Uint8Array {
  return encodeModel(buildModel(spec));
}
