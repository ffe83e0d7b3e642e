/* eslint-disable no-console */
/*
 * Heap per cached object, by resource type, in this process and without
 * kube-sim or a backend: one generated cluster of a profile goes through
 * the backend's own sources, projection and stores (each object first
 * through a JSON round trip, as if read off the wire), and the heap is
 * measured after a full GC before and after each type. For working on
 * projections and stores; `yarn bench` measures the real backend.
 *
 *   node --expose-gc -r @backstage/cli/config/nodeTransform.cjs bench/cacheMemory.ts [profile] [cluster]
 */
import { ArgoCdSource } from '../plugins/portolan-backend/src/sources/argocd/ArgoCdSource';
import { JenkinsXSource } from '../plugins/portolan-backend/src/sources/jenkinsx/JenkinsXSource';
import { KpackSource } from '../plugins/portolan-backend/src/sources/kpack/KpackSource';
import { ProvidersSource } from '../plugins/portolan-backend/src/sources/providers/ProvidersSource';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { TektonSource } from '../plugins/portolan-backend/src/sources/tekton/TektonSource';
import { workloadsSource } from '../plugins/portolan-backend/src/sources/workloads/workloadsSource';
import { RunningImagesSource } from '../plugins/portolan-backend/src/images/RunningImagesSource';
import { projectObject } from '@portolan/plugin-portolan-node';
import { ResourceStore } from '@portolan/plugin-portolan-node';
import { PROFILES, type ProfileName, generateCluster } from './profiles';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc');
  process.exit(2);
}

function heapUsed(): number {
  gc!();
  gc!();
  return process.memoryUsage().heapUsed;
}

const profile = PROFILES[(process.argv[2] ?? 'medium') as ProfileName];
const clusterIndex = Number(process.argv[3] ?? 0);

// The sources the plugin registers (plugin.ts), so needs and consumers match.
const sources = new SourceSet([
  workloadsSource,
  new ProvidersSource(),
  new TektonSource(),
  new ArgoCdSource(),
  new JenkinsXSource(),
  new RunningImagesSource(),
  new KpackSource(),
]);

// Serialised up front and the generated objects dropped, so that only the
// stores' growth is measured.
const wires = (() => {
  const objects =
    generateCluster(profile, clusterIndex, 'token').fixture.objects ?? [];
  return sources.needs.map(need => {
    const apiVersions = new Set(
      need.versions.map(v => (need.group ? `${need.group}/${v}` : v)),
    );
    return objects
      .filter(
        o => o.kind === need.kind && apiVersions.has(String(o.apiVersion)),
      )
      .map(o => JSON.stringify(o));
  });
})();
const stores: ResourceStore[] = [];
const rows: Array<[string, number, number]> = [];
let total = 0;
let count = 0;
const start = heapUsed();
sources.needs.forEach((need, i) => {
  const wire = wires[i];
  if (wire.length === 0) return;
  const before = heapUsed();
  const store = new ResourceStore(need.indexes);
  for (const text of wire) {
    const { stored } = projectObject(
      JSON.parse(text),
      need.consumers,
      need.annotations,
    );
    if (stored) store.upsert(stored);
  }
  stores.push(store);
  const grown = heapUsed() - before;
  rows.push([need.kind, store.size, grown]);
  total += grown;
  count += store.size;
});
const all = heapUsed() - start;
console.log(
  `profile ${profile.name}, cluster ${clusterIndex}: heap per cached object, after a full GC (string pools included where first filled)`,
);
for (const [kind, n, bytes] of rows) {
  console.log(
    `${kind.padEnd(20)} ${String(n).padStart(7)}  ${(bytes / n)
      .toFixed(0)
      .padStart(6)} B/object  ${(bytes / 1048576).toFixed(1).padStart(7)} MiB`,
  );
}
console.log(
  `${'all'.padEnd(20)} ${String(count).padStart(7)}  ${(all / count)
    .toFixed(0)
    .padStart(6)} B/object  ${(all / 1048576)
    .toFixed(1)
    .padStart(7)} MiB (sum of rows ${(total / 1048576).toFixed(1)} MiB)`,
);
// Keep the stores and wires alive until measured.
if (stores.length < 0) console.log(stores, wires);
