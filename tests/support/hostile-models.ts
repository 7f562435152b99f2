// Hostile ONNX files for the upload checks and the sandbox (tests and the hostile corpus).
// Some cannot be built through protobufjs objects (its encoder recurses, and it never writes
// a field twice), so they are written as raw protobuf here: the attacker's view of the format.
import { encodeModel, graph, node, onnx, type proto } from "../../server/onnx/build-onnx";
import { buildIntensityModel } from "./test-models";

/** Protobuf wire types. */
const VARINT = 0;
const LENGTH_DELIMITED = 2;

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  bytes.push(v);
  return bytes;
}

const tag = (field: number, wireType: number): number[] => varint(field * 8 + wireType);

/** One length-delimited field (a string, bytes or an embedded message). */
function rawField(field: number, payload: Uint8Array | string): Uint8Array {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  return Uint8Array.from([...tag(field, LENGTH_DELIMITED), ...varint(bytes.byteLength), ...bytes]);
}

function rawVarintField(field: number, value: number): Uint8Array {
  return Uint8Array.from([...tag(field, VARINT), ...varint(value)]);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/**
 * Builds deeply nested messages from the inside out in one buffer, writing backwards, so
 * that 100,000 levels cost linear time (prepending to a fresh array per level would not).
 */
class BackwardWriter {
  private buffer = new Uint8Array(1 << 16);
  private start = this.buffer.byteLength;

  private get length(): number {
    return this.buffer.byteLength - this.start;
  }

  prepend(bytes: ArrayLike<number>): void {
    if (bytes.length > this.start) {
      const grown = new Uint8Array(Math.max(this.buffer.byteLength * 2, this.length + bytes.length + 1024));
      grown.set(this.buffer.subarray(this.start), grown.byteLength - this.length);
      this.start = grown.byteLength - this.length;
      this.buffer = grown;
    }
    this.start -= bytes.length;
    this.buffer.set(bytes, this.start);
  }

  /** Everything written so far becomes field `field` of a new message, after `before`. */
  wrap(field: number, before: Uint8Array = new Uint8Array()): void {
    this.prepend([...tag(field, LENGTH_DELIMITED), ...varint(this.length)]);
    this.prepend(before);
  }

  bytes(): Uint8Array {
    return this.buffer.slice(this.start);
  }
}

// Field numbers of onnx.proto.
const MODEL = { irVersion: 1, graph: 7, opsetImport: 8 } as const;
const GRAPH = { node: 1, name: 2, input: 11 } as const;
const NODE = { input: 1, output: 2, opType: 4, attribute: 5 } as const;
const ATTRIBUTE = { name: 1, g: 6, type: 20 } as const;
const VALUE_INFO = { name: 1, type: 2 } as const;
const TYPE = { tensorType: 1, sequenceType: 4 } as const;
const SEQUENCE = { elemType: 1 } as const;

function modelAround(writer: BackwardWriter): Uint8Array {
  writer.wrap(MODEL.graph, concat([rawVarintField(MODEL.irVersion, 8), rawField(MODEL.opsetImport, rawVarintField(2, 17))]));
  return writer.bytes();
}

/** If nodes whose then-branch holds the next If, `depth` subgraphs deep. */
export function buildNestedIfModel(depth: number): Uint8Array {
  const writer = new BackwardWriter();
  writer.prepend(rawField(GRAPH.name, "innermost"));
  for (let level = 0; level < depth; level++) {
    writer.wrap(ATTRIBUTE.g, concat([rawField(ATTRIBUTE.name, "then_branch"), rawVarintField(ATTRIBUTE.type, onnx.AttributeProto.AttributeType.GRAPH)]));
    writer.wrap(NODE.attribute, concat([rawField(NODE.input, "cond"), rawField(NODE.output, `out${level}`), rawField(NODE.opType, "If")]));
    writer.wrap(GRAPH.node, rawField(GRAPH.name, `level${level}`));
  }
  return modelAround(writer);
}

/** A graph input typed as a sequence of a sequence of … `depth` levels deep. */
export function buildDeepTypeModel(depth: number): Uint8Array {
  const writer = new BackwardWriter();
  writer.prepend(rawField(TYPE.tensorType, rawVarintField(1, onnx.TensorProto.DataType.FLOAT)));
  for (let level = 0; level < depth; level++) {
    writer.wrap(SEQUENCE.elemType);
    writer.wrap(TYPE.sequenceType);
  }
  writer.wrap(VALUE_INFO.type, rawField(VALUE_INFO.name, "input"));
  writer.wrap(GRAPH.input, rawField(GRAPH.name, "deep-type"));
  return modelAround(writer);
}

/** A graph holding nothing but a weight read from a file next to the model. */
export function externalInitializerGraph(location: string): proto.IGraphProto {
  return {
    name: "hidden",
    initializer: [
      {
        name: "hidden_weight",
        dims: [16],
        dataType: onnx.TensorProto.DataType.UINT8,
        dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
        externalData: [
          { key: "location", value: location },
          { key: "offset", value: "0" },
          { key: "length", value: "16" },
        ],
      },
    ],
  };
}

/**
 * The attack: a second copy of ModelProto's singular `graph` field. protobufjs keeps only the
 * last copy, onnxruntime (C++ protobuf) merges both. With `hidden` first, the checks see the
 * innocent graph while onnxruntime would also get the hidden one's external-data tensor.
 */
export function withDuplicateGraphField(model: Uint8Array, hidden: proto.IGraphProto, position: "before" | "after"): Uint8Array {
  const field = rawField(MODEL.graph, onnx.GraphProto.encode(onnx.GraphProto.create(hidden)).finish());
  return position === "before" ? concat([field, model]) : concat([model, field]);
}

/** The innocent model with a hidden external-data graph copy in front of it. */
export function buildDuplicateGraphAttack(location = "request.json"): Uint8Array {
  return withDuplicateGraphField(buildIntensityModel(), externalInitializerGraph(location), "before");
}

/** An unknown operator whose name imitates a sandbox reply: onnxruntime quotes it in its load error. */
export function buildReplyImitatingModel(imitation: string): Uint8Array {
  const model = onnx.ModelProto.decode(buildIntensityModel());
  const input = model.graph?.input?.[0];
  const output = model.graph?.output?.[0];
  return encodeModel({
    ...model,
    graph: graph({ name: "imitation", nodes: [node(imitation, ["input"], ["output"])], inputs: input ? [input] : [], outputs: output ? [output] : [] }),
  });
}
