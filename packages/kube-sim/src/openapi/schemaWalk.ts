/*
 * What kube-sim does with an OpenAPI schema besides serving it: the
 * strategic merge patch (lists merged by `x-kubernetes-patch-merge-key`,
 * the `$patch`, `$setElementOrder/` and `$deleteFromPrimitiveList/`
 * directives) and the unknown-field check behind `fieldValidation`.
 */

export type Schema = Record<string, any>;
/** Follows `$ref` (and a lone `allOf: [{$ref}]`) to the named schema. */
export type Resolve = (schema: Schema | undefined) => Schema | undefined;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Whether a schema keeps fields it does not name (maps, free-form objects). */
function keepsUnknown(s: Schema): boolean {
  return (
    s['x-kubernetes-preserve-unknown-fields'] === true ||
    (s.additionalProperties !== undefined &&
      s.additionalProperties !== false) ||
    !s.properties
  );
}

function propertySchema(
  s: Schema | undefined,
  key: string,
  resolve: Resolve,
): Schema | undefined {
  if (!s) return undefined;
  if (s.properties?.[key]) return resolve(s.properties[key]);
  if (isObj(s.additionalProperties)) return resolve(s.additionalProperties);
  return undefined;
}

/**
 * The fields of `value` its schema does not declare, as the API server
 * names them (`spec.template.spec.containers[0].bogus`); with `prune`,
 * also removes them (the server drops what it does not know).
 */
export function unknownFields(
  value: unknown,
  schema: Schema | undefined,
  resolve: Resolve,
  prune = false,
  path = '',
): string[] {
  const s = resolve(schema);
  if (!s) return [];
  if (Array.isArray(value)) {
    const items = resolve(s.items);
    return value.flatMap((v, i) =>
      unknownFields(v, items, resolve, prune, `${path}[${i}]`),
    );
  }
  if (!isObj(value)) return [];
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const sub = `${path ? `${path}.` : ''}${key}`;
    if (s.properties?.[key]) {
      out.push(...unknownFields(v, s.properties[key], resolve, prune, sub));
    } else if (isObj(s.additionalProperties)) {
      out.push(
        ...unknownFields(v, s.additionalProperties, resolve, prune, sub),
      );
    } else if (!keepsUnknown(s)) {
      out.push(sub);
      if (prune) delete value[key];
    }
  }
  return out;
}

function listStrategy(s: Schema | undefined): {
  merge: boolean;
  key?: string;
} {
  const strategy = String(s?.['x-kubernetes-patch-strategy'] ?? '');
  return {
    merge: strategy.split(',').includes('merge'),
    key: s?.['x-kubernetes-patch-merge-key'],
  };
}

function mergeList(
  current: unknown[],
  patch: unknown[],
  s: Schema,
  resolve: Resolve,
  order: unknown[] | undefined,
  deletions: unknown[] | undefined,
): unknown[] {
  const { merge, key } = listStrategy(s);
  const items = resolve(s.items);
  let out: unknown[];
  if (!merge) {
    out = patch.filter(p => !(isObj(p) && p.$patch));
  } else if (!key) {
    // A list of scalars merged as a set.
    out = [...current];
    for (const p of patch) if (!out.includes(p)) out.push(p);
  } else {
    out = [...current];
    if (patch.some(p => isObj(p) && p.$patch === 'replace'))
      out = patch.filter(p => !(isObj(p) && p.$patch));
    else
      for (const p of patch) {
        if (!isObj(p)) continue;
        const at = out.findIndex(c => isObj(c) && c[key] === p[key]);
        if (p.$patch === 'delete') {
          if (at >= 0) out.splice(at, 1);
        } else if (at >= 0) {
          out[at] = strategicMergePatch(out[at], p, items, resolve);
        } else {
          out.push(strategicMergePatch(undefined, p, items, resolve));
        }
      }
  }
  if (deletions) out = out.filter(v => !deletions.includes(v));
  if (order && merge) {
    const rank = (v: unknown) => {
      const i = order.findIndex(o =>
        key && isObj(o) && isObj(v) ? o[key] === v[key] : o === v,
      );
      return i < 0 ? order.length : i;
    };
    out = out
      .map((v, i) => ({ v, i }))
      .sort((a, b) => rank(a.v) - rank(b.v) || a.i - b.i)
      .map(x => x.v);
  }
  return out;
}

/**
 * A strategic merge patch: as a JSON merge patch, except that lists whose
 * schema says `x-kubernetes-patch-strategy: merge` merge element by element
 * (by `x-kubernetes-patch-merge-key`), and the patch's directives apply.
 */
export function strategicMergePatch(
  current: unknown,
  patch: unknown,
  schema: Schema | undefined,
  resolve: Resolve,
): unknown {
  if (!isObj(patch)) return patch;
  const s = resolve(schema);
  if (patch.$patch === 'delete') return undefined;
  const base: Obj =
    isObj(current) && patch.$patch !== 'replace' ? { ...current } : {};
  const retain = Array.isArray(patch.$retainKeys)
    ? (patch.$retainKeys as string[])
    : undefined;
  for (const [k, v] of Object.entries(patch)) {
    if (
      k === '$patch' ||
      k === '$retainKeys' ||
      k.startsWith('$setElementOrder/') ||
      k.startsWith('$deleteFromPrimitiveList/')
    )
      continue;
    if (v === null) {
      delete base[k];
      continue;
    }
    const sub = propertySchema(s, k, resolve);
    if (Array.isArray(v) && sub && (sub.type === 'array' || sub.items)) {
      base[k] = mergeList(
        Array.isArray(base[k]) ? (base[k] as unknown[]) : [],
        v,
        sub,
        resolve,
        patch[`$setElementOrder/${k}`] as unknown[] | undefined,
        patch[`$deleteFromPrimitiveList/${k}`] as unknown[] | undefined,
      );
    } else if (isObj(v)) {
      const next = strategicMergePatch(base[k], v, sub, resolve);
      if (next === undefined) delete base[k];
      else base[k] = next;
    } else {
      base[k] = v;
    }
  }
  // Directives for lists the patch does not otherwise touch.
  for (const [k, v] of Object.entries(patch)) {
    const m = /^\$(setElementOrder|deleteFromPrimitiveList)\/(.+)$/.exec(k);
    if (!m || m[2] in patch) continue;
    const sub = propertySchema(s, m[2], resolve);
    if (!sub || !Array.isArray(base[m[2]])) continue;
    base[m[2]] = mergeList(
      base[m[2]] as unknown[],
      [],
      sub,
      resolve,
      m[1] === 'setElementOrder' ? (v as unknown[]) : undefined,
      m[1] === 'deleteFromPrimitiveList' ? (v as unknown[]) : undefined,
    );
  }
  if (retain) {
    for (const k of Object.keys(base)) if (!retain.includes(k)) delete base[k];
  }
  return base;
}
