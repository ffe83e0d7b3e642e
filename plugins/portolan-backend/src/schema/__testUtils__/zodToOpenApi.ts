/*
 * Reads a zod (v3) schema as the OpenAPI 3.0 schema object it stands for,
 * so the spec test can hold the spec's component schemas and the zod
 * schemas of portolan-common (which validate at the edges) to one shape.
 * Sub-schemas that are themselves named components come out as `$ref`s, so
 * every component compares on its own. Only what the model uses is read;
 * anything else throws, so a new zod construct cannot slip past the test.
 */
import type { ZodTypeAny } from 'zod';

/** An OpenAPI 3.0 schema object, as plain JSON. */
export type OpenApiSchema = { [key: string]: unknown };

/** Names of zod schemas that are spec components, by schema identity. */
export type ComponentNames = ReadonlyMap<ZodTypeAny, string>;

/** How a zod datetime string reads in the spec. */
export const DATE_TIME = 'RFC 3339 date and time, with offset';

interface Def {
  typeName: string;
  [key: string]: any;
}

function defOf(schema: ZodTypeAny): Def {
  return (schema as unknown as { _def: Def })._def;
}

/**
 * The schema object of `schema`. `names` turns named sub-schemas into
 * `$ref: '#/components/schemas/<name>'`; `self`, the schema being written
 * as a component, is expanded rather than referred to.
 */
export function zodToOpenApi(
  schema: ZodTypeAny,
  names: ComponentNames = new Map(),
  self: ZodTypeAny = schema,
): OpenApiSchema {
  const name = names.get(schema);
  if (name && schema !== self) {
    return { $ref: `#/components/schemas/${name}` };
  }
  const convert = (inner: ZodTypeAny) => zodToOpenApi(inner, names, self);
  const def = defOf(schema);
  switch (def.typeName) {
    case 'ZodString': {
      const out: OpenApiSchema = { type: 'string' };
      for (const check of def.checks as Array<Record<string, any>>) {
        // Not `format: date-time`: the generator would type it `Date`,
        // and the wire (and every reader) has the string.
        if (check.kind === 'datetime') out.description = DATE_TIME;
        else if (check.kind === 'min') out.minLength = check.value;
        else if (check.kind === 'max') out.maxLength = check.value;
        else if (check.kind === 'regex') out.pattern = check.regex.source;
        else if (check.kind === 'url') out.format = 'uri';
        else throw new Error(`zodToOpenApi: string check ${check.kind}`);
      }
      return out;
    }
    case 'ZodNumber': {
      const out: OpenApiSchema = { type: 'number' };
      for (const check of def.checks as Array<Record<string, any>>) {
        if (check.kind === 'int') out.type = 'integer';
        else if (check.kind === 'min') out.minimum = check.value;
        else if (check.kind === 'max') out.maximum = check.value;
        else throw new Error(`zodToOpenApi: number check ${check.kind}`);
      }
      return out;
    }
    case 'ZodBoolean':
      return { type: 'boolean' };
    case 'ZodUnknown':
    case 'ZodAny':
      return {};
    case 'ZodLiteral':
      return { type: typeof def.value, enum: [def.value] };
    case 'ZodEnum':
      return { type: 'string', enum: [...def.values] };
    case 'ZodArray': {
      const out: OpenApiSchema = { type: 'array', items: convert(def.type) };
      if (def.minLength) out.minItems = def.minLength.value;
      if (def.maxLength) out.maxItems = def.maxLength.value;
      return out;
    }
    case 'ZodRecord':
      return { type: 'object', additionalProperties: convert(def.valueType) };
    case 'ZodObject': {
      const shape = def.shape() as Record<string, ZodTypeAny>;
      const properties: Record<string, OpenApiSchema> = {};
      const required: string[] = [];
      for (const [key, value] of Object.entries(shape)) {
        const { inner, optional } = unwrapOptional(value);
        properties[key] = convert(inner);
        if (!optional) required.push(key);
      }
      const out: OpenApiSchema = { type: 'object' };
      if (required.length > 0) out.required = required;
      out.properties = properties;
      return out;
    }
    case 'ZodUnion':
      return { oneOf: (def.options as ZodTypeAny[]).map(convert) };
    case 'ZodDiscriminatedUnion':
      return {
        oneOf: [...(def.options as ZodTypeAny[])].map(convert),
        discriminator: { propertyName: def.discriminator },
      };
    case 'ZodNullable':
      return { ...convert(def.innerType), nullable: true };
    case 'ZodOptional':
    case 'ZodDefault':
      return convert(def.innerType);
    case 'ZodEffects':
      // A transform or refinement: the wire shape is its input's.
      return convert(def.schema);
    default:
      throw new Error(`zodToOpenApi: unsupported ${def.typeName}`);
  }
}

/** A property's schema without `.optional()` / `.default()`, and whether it may be absent. */
function unwrapOptional(schema: ZodTypeAny): {
  inner: ZodTypeAny;
  optional: boolean;
} {
  const def = defOf(schema);
  if (def.typeName === 'ZodOptional' || def.typeName === 'ZodDefault') {
    return { inner: unwrapOptional(def.innerType).inner, optional: true };
  }
  return { inner: schema, optional: false };
}
