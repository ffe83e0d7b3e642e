/*
 * openapi.yaml is the API's one description. The zod schemas of
 * portolan-common validate at the edges (the client parses answers, the
 * router parses queries); this test holds each of them to the spec's
 * component of the same name, property by property, and every route's
 * answer to the component that describes it, so the two cannot drift.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  componentNames,
  modelComponents,
} from './__testUtils__/modelComponents';
import { type OpenApiSchema, zodToOpenApi } from './__testUtils__/zodToOpenApi';

const spec = parse(readFileSync(join(__dirname, 'openapi.yaml'), 'utf8'));
const schemas: Record<string, OpenApiSchema> = spec.components.schemas;
const components = modelComponents();
const names = componentNames(components);

/** Components the backend answers with that no zod schema describes (history/DORA are the backend's own). */
const SPEC_ONLY = [
  'Error',
  'HistoryPage',
  'HistoryItem',
  'HistoryStatus',
  'FleetDora',
];

/** The schema without descriptions (prose, not shape). */
function shapeOf(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(shapeOf);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => key !== 'description')
      .map(([key, value]) => [
        key,
        key === 'properties'
          ? Object.fromEntries(
              Object.entries(value as object).map(([k, v]) => [k, shapeOf(v)]),
            )
          : shapeOf(value),
      ]),
  );
}

describe('the spec and the zod schemas of portolan-common', () => {
  it.each([...components.keys()])('%s has one shape in both', name => {
    expect(schemas[name]).toBeDefined();
    expect(shapeOf(schemas[name])).toEqual(
      shapeOf(zodToOpenApi(components.get(name)!, names)),
    );
  });

  it('names no component that neither describes', () => {
    const extra = Object.keys(schemas).filter(
      name =>
        !components.has(name) &&
        !SPEC_ONLY.includes(name) &&
        // The history routes' schemas are the backend's own.
        !name.startsWith('Dora'),
    );
    expect(extra).toEqual([]);
  });

  it.each([
    ['/clusters', 'ClustersResponse'],
    ['/onboarding', 'FleetOnboarding'],
    ['/entities/{namespace}/{kind}/{name}/onboarding', 'OnboardingChecklist'],
    ['/discovery/candidates', 'DiscoveryCandidatesResponse'],
    ['/images', 'FleetImagesResponse'],
    ['/pipeline-runs', 'FleetPipelineRunsResponse'],
    ['/offerings', 'OfferingsCatalogue'],
    ['/entities/{namespace}/{kind}/{name}', 'EntityView'],
    ['/entities/{namespace}/{kind}/{name}/logs', 'PodLog'],
  ])('GET %s answers %s', (path, component) => {
    const ok = spec.paths[path].get.responses['200'];
    expect(ok.content['application/json'].schema).toEqual({
      $ref: `#/components/schemas/${component}`,
    });
  });
});

describe('zodToOpenApi', () => {
  it('reads objects, optionals, arrays, enums, unions, records and refs', () => {
    const Named = z.object({ id: z.string() });
    const schema = z.object({
      a: z.string().min(1),
      b: z.number().int().optional(),
      c: z.array(Named),
      d: z.enum(['x', 'y']),
      e: z.union([z.string(), z.record(z.boolean())]),
      f: z.literal('only').nullable(),
      g: z.string().datetime({ offset: true }),
    });
    expect(zodToOpenApi(schema, new Map([[Named, 'Named']]))).toEqual({
      type: 'object',
      required: ['a', 'c', 'd', 'e', 'f', 'g'],
      properties: {
        a: { type: 'string', minLength: 1 },
        b: { type: 'integer' },
        c: { type: 'array', items: { $ref: '#/components/schemas/Named' } },
        d: { type: 'string', enum: ['x', 'y'] },
        e: {
          oneOf: [
            { type: 'string' },
            { type: 'object', additionalProperties: { type: 'boolean' } },
          ],
        },
        f: { type: 'string', enum: ['only'], nullable: true },
        g: { type: 'string', description: expect.stringMatching(/RFC 3339/) },
      },
    });
  });

  it('refuses a construct it cannot describe', () => {
    expect(() => zodToOpenApi(z.bigint())).toThrow(/unsupported ZodBigInt/);
  });
});
