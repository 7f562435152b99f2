import { describe, expect, it } from "vitest";
import { canonicalModelBytes, decodeModelChecked, MAX_SUBGRAPH_DEPTH, NOT_ONNX_PROBLEM, structuralProblems, TOO_DEEP_PROBLEM } from "./check-model";
import { onnx } from "./build-onnx";
import { buildDeepTypeModel, buildDuplicateGraphAttack, buildNestedIfModel, externalInitializerGraph, withDuplicateGraphField } from "../../tests/support/hostile-models";
import { buildIntensityModel } from "../../tests/support/test-models";

const contains = (bytes: Uint8Array, text: string): boolean => Buffer.from(bytes).includes(Buffer.from(text));

function problemsOf(bytes: Uint8Array): string[] {
  const decoded = decodeModelChecked(bytes);
  return decoded.ok ? structuralProblems(decoded.model) : [decoded.problem];
}

describe("subgraph nesting", () => {
  it("should accept subgraphs nested exactly to the limit", () => {
    expect(problemsOf(buildNestedIfModel(MAX_SUBGRAPH_DEPTH))).toEqual([]);
  });

  it("should refuse one level more, naming the limit", () => {
    expect(problemsOf(buildNestedIfModel(MAX_SUBGRAPH_DEPTH + 1))).toEqual([TOO_DEEP_PROBLEM]);
    expect(TOO_DEEP_PROBLEM).toMatch(/nested too deeply.*at most 32 levels/);
  });

  it("should refuse 2,000 nested If subgraphs without overflowing the stack", () => {
    expect(problemsOf(buildNestedIfModel(2000))).toEqual([TOO_DEEP_PROBLEM]);
  });

  it("should turn the decoder's stack overflow on 100,000 nested types into the same refusal", () => {
    expect(decodeModelChecked(buildDeepTypeModel(100_000))).toEqual({ ok: false, problem: TOO_DEEP_PROBLEM });
  });

  it("should still call other undecodable bytes not ONNX", () => {
    expect(decodeModelChecked(new TextEncoder().encode("ImageId,EncodedPixels\n"))).toEqual({ ok: false, problem: NOT_ONNX_PROBLEM });
  });
});

describe("canonical re-encoding", () => {
  it("should drop a hidden first copy of the graph field: the checks and onnxruntime get the same graph", () => {
    const attack = buildDuplicateGraphAttack("request.json");
    // The attack is real: the raw bytes carry the hidden tensor, which onnxruntime's parser merges in.
    expect(contains(attack, "request.json")).toBe(true);
    const decoded = decodeModelChecked(attack);
    if (!decoded.ok) throw new Error(decoded.problem);
    // protobufjs kept only the last (innocent) copy, so the checks find nothing wrong…
    expect(structuralProblems(decoded.model)).toEqual([]);
    const canonical = canonicalModelBytes(decoded.model);
    if (!canonical.ok) throw new Error(canonical.problem);
    // …and the bytes that are stored and run hold only what was checked.
    expect(contains(canonical.bytes, "request.json")).toBe(false);
    expect(contains(canonical.bytes, "hidden_weight")).toBe(false);
    expect(Buffer.from(canonical.bytes).equals(Buffer.from(onnx.ModelProto.encode(onnx.ModelProto.decode(buildIntensityModel())).finish()))).toBe(true);
  });

  it("should refuse the hidden graph when it is the copy the decoder keeps", () => {
    const attack = withDuplicateGraphField(buildIntensityModel(), externalInitializerGraph("request.json"), "after");
    expect(problemsOf(attack).join(" ")).toMatch(/external data \(tensor "hidden_weight" in the main graph\)/);
  });

  it("should drop unknown fields", () => {
    const withUnknown = new Uint8Array([...buildIntensityModel(), 0xfa, 0x3f, 3, 0x61, 0x62, 0x63]); // field 1023, "abc"
    const decoded = decodeModelChecked(withUnknown);
    if (!decoded.ok) throw new Error(decoded.problem);
    const canonical = canonicalModelBytes(decoded.model);
    expect(canonical.ok && canonical.bytes.byteLength).toBe(buildIntensityModel().byteLength);
  });
});
