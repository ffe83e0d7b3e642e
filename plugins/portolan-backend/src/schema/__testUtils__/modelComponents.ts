/*
 * The zod schemas of portolan-common that the OpenAPI spec names as
 * components, by component name: every exported `…Schema` except the
 * query schemas (those are parameters in the spec), named without the
 * `Schema` suffix, `PodLogResponse` as `PodLog`.
 */
import * as common from '@portolan/plugin-portolan-common';
import type { ZodTypeAny } from 'zod';
import { z } from 'zod';

const RENAMED: Record<string, string> = { PodLogResponse: 'PodLog' };

/** Component name → zod schema. */
export function modelComponents(): Map<string, ZodTypeAny> {
  const out = new Map<string, ZodTypeAny>();
  for (const [exported, value] of Object.entries(common)) {
    if (!exported.endsWith('Schema') || !(value instanceof z.ZodType)) continue;
    const base = exported.slice(0, -'Schema'.length);
    if (base.endsWith('Query') || base === 'NamespacePattern') continue;
    out.set(RENAMED[base] ?? base, value as ZodTypeAny);
  }
  return out;
}

/** Schema identity → component name, for `$ref`s. */
export function componentNames(
  components: ReadonlyMap<string, ZodTypeAny>,
): Map<ZodTypeAny, string> {
  return new Map([...components].map(([name, schema]) => [schema, name]));
}
