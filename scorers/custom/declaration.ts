// What a custom scorer (a host's module, see scorers/CUSTOM-SCORERS.md) declares about itself:
// id, version, title, outputs with range and direction, and its parameters as a simple typed
// list. The declaration travels out of the sandbox as JSON and is checked here; a zod schema
// cannot come from untrusted code, so the parameters' schema is built from the list. Pure.
import { z } from "zod";

/** Keys that would reach Object.prototype if used as property names. */
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const ZKey = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "letters, digits and underscores, starting with a letter")
  .refine((key) => !UNSAFE_KEYS.has(key), "is a reserved name");

const ZLabel = z.string().min(1).max(80).regex(/^[^\u0000-\u001F\u007F-\u009F]*$/, "must be printable text");

export const ZCustomScorerOutputSchema = z
  .object({
    key: ZKey,
    label: ZLabel,
    higherIsBetter: z.boolean(),
    range: z
      .tuple([z.number().finite(), z.number().finite()])
      .refine(([low, high]) => low < high, "the range's lower end must be below its upper end"),
  })
  .strict();

const ZNumberParam = z
  .object({
    type: z.literal("number"),
    default: z.number().finite(),
    min: z.number().finite().optional(),
    max: z.number().finite().optional(),
    integer: z.boolean().optional(),
  })
  .strict()
  .refine((p) => (p.min === undefined || p.default >= p.min) && (p.max === undefined || p.default <= p.max), "the default must lie within min and max");

const ZBooleanParam = z.object({ type: z.literal("boolean"), default: z.boolean() }).strict();

const ZEnumParam = z
  .object({ type: z.literal("enum"), values: z.array(z.string().min(1).max(40)).min(1).max(20), default: z.string() })
  .strict()
  .refine((p) => p.values.includes(p.default), "the default must be one of the values");

export const ZCustomScorerParamSchema = z.union([ZNumberParam, ZBooleanParam, ZEnumParam]);


export const ZCustomScorerDeclarationSchema = z
  .object({
    id: z.string().min(1).max(60).regex(/^[a-z0-9][a-z0-9-]*$/, "lowercase letters, digits and dashes"),
    version: z.string().min(1).max(30).regex(/^\d+\.\d+\.\d+$/, "MAJOR.MINOR.PATCH, e.g. 1.0.0"),
    title: ZLabel,
    /** The first output is the leaderboard's score. */
    outputs: z
      .array(ZCustomScorerOutputSchema)
      .min(1)
      .max(10)
      .refine((outputs) => outputs[0]?.key === "score", "the first output must have key \"score\" (the leaderboard's score)")
      .refine((outputs) => new Set(outputs.map((o) => o.key)).size === outputs.length, "output keys must be unique"),
    params: z
      .record(ZKey, ZCustomScorerParamSchema)
      .default({})
      .refine((params) => Object.keys(params).length <= 20, "at most 20 parameters"),
  })
  .strict();
export type CustomScorerDeclaration = z.infer<typeof ZCustomScorerDeclarationSchema>;

/** The zod schema of a declared parameter list: unknown keys refused, defaults filled in. */
export function paramsSchemaOf(params: CustomScorerDeclaration["params"]): z.ZodType<Record<string, unknown>> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, param] of Object.entries(params)) {
    if (param.type === "number") {
      let schema = z.number().finite();
      if (param.integer) schema = schema.int();
      if (param.min !== undefined) schema = schema.min(param.min);
      if (param.max !== undefined) schema = schema.max(param.max);
      shape[key] = schema.default(param.default);
    } else if (param.type === "boolean") {
      shape[key] = z.boolean().default(param.default);
    } else {
      shape[key] = z.enum(param.values as [string, ...string[]]).default(param.default);
    }
  }
  return z.object(shape).strict();
}
