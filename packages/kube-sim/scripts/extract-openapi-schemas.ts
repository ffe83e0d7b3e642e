/*
 * Extracts, from the OpenAPI v3 documents of the pinned Kubernetes release
 * (k8s.io/kubernetes in tools/kube-real/go.mod, read from the Go module
 * cache that scripts/build-kube-real.sh fills), the component schemas of
 * the built-in kinds kube-sim serves and everything they reference, into
 * openapi/builtinSchemas.json. kube-sim serves them at /openapi/v2 and
 * /openapi/v3 so that kubectl validates, patches and explains as against a
 * real server. Run after bumping the pinned release:
 *   yarn workspace @portolan/kube-sim extract-openapi-schemas
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILTIN_RESOURCES } from '../src/resources/builtinResources';

const ROOT = resolve(__dirname, '../../..');
const goMod = readFileSync(join(ROOT, 'tools/kube-real/go.mod'), 'utf8');
const version = /k8s\.io\/kubernetes (v[0-9.]+)/.exec(goMod)?.[1];
if (!version)
  throw new Error('tools/kube-real/go.mod pins no k8s.io/kubernetes');
const modCache = execFileSync('go', ['env', 'GOMODCACHE'], {
  encoding: 'utf8',
}).trim();
const specDir = join(
  modCache,
  `k8s.io/kubernetes@${version}/api/openapi-spec/v3`,
);

type Schema = Record<string, any>;
const pool: Record<string, Schema> = {};
for (const file of readdirSync(specDir).filter(f => f.includes('__v'))) {
  const doc = JSON.parse(readFileSync(join(specDir, file), 'utf8'));
  Object.assign(pool, doc.components?.schemas ?? {});
}

const wanted = new Set(
  BUILTIN_RESOURCES.map(d => `${d.group}/${d.version}/${d.kind}`),
);
const keep: Record<string, Schema> = {};
const visit = (name: string) => {
  if (keep[name] || !pool[name]) return;
  keep[name] = pool[name];
  JSON.stringify(pool[name], (k, v) => {
    if (k === '$ref' && typeof v === 'string') visit(v.split('/').pop()!);
    return v;
  });
};
const found = new Set<string>();
for (const [name, schema] of Object.entries(pool)) {
  for (const g of schema['x-kubernetes-group-version-kind'] ?? []) {
    const key = `${g.group}/${g.version}/${g.kind}`;
    if (wanted.has(key) && !name.endsWith('List')) {
      visit(name);
      found.add(key);
    }
  }
}
// Every document references these (list metadata, Status, patch bodies).
for (const name of [
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
])
  visit(name);

const sorted = Object.fromEntries(
  Object.keys(keep)
    .sort()
    .map(k => [k, keep[k]]),
);
// Formatted as the repository's Prettier check wants it.
// eslint-disable-next-line @backstage/no-undeclared-imports
const prettier = require('prettier');

writeFileSync(
  resolve(__dirname, '../openapi/builtinSchemas.json'),
  prettier.format(JSON.stringify({ kubernetes: version, schemas: sorted }), {
    parser: 'json',
  }),
);
const missing = [...wanted].filter(k => !found.has(k));
process.stdout.write(
  `${
    Object.keys(sorted).length
  } schemas from Kubernetes ${version}; not in its spec (served with a generic schema): ${missing.join(
    ', ',
  )}\n`,
);
