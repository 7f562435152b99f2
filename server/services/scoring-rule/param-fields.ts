// The parameter form of a metric, generated from its zod parameter schema (through zod's JSON
// Schema): one field per parameter with its type, bounds, choices and default. Pure.
import { z } from "zod";
import type { ParamField } from "../../contracts/scoring-rule";

interface JsonSchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  anyOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
}

function kindOf(node: JsonSchemaNode): ParamField["kind"] {
  if (node.enum) return "enum";
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== "null") : node.type;
  if (type === "integer") return "integer";
  if (type === "number") return "number";
  if (type === "boolean") return "boolean";
  return "text";
}

/**
 * The form's fields. `fixedKeys` are set by the challenge itself (classCount from the dataset)
 * and shown read-only; a parameter whose schema allows a single value is fixed too.
 */
export function paramFields(schema: z.ZodType, fixedKeys: readonly string[] = []): ParamField[] {
  let json: JsonSchemaNode;
  try {
    json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode;
  } catch {
    return [];
  }
  return Object.entries(json.properties ?? {}).map(([key, property]) => {
    // A nullable parameter is anyOf [the type, null].
    const variants = property.anyOf ?? [property];
    const node = variants.find((v) => v.type !== "null") ?? property;
    const field: ParamField = {
      key,
      kind: kindOf(node),
      nullable: variants.some((v) => v.type === "null"),
      fixed: fixedKeys.includes(key) || node.const !== undefined,
    };
    if (property.default !== undefined) field.default = property.default as ParamField["default"];
    if (node.enum) field.options = node.enum.map(String);
    for (const bound of ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"] as const) {
      if (typeof node[bound] === "number") field[bound] = node[bound];
    }
    return field;
  });
}
