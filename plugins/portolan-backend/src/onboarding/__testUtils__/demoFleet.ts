/*
 * Test-only: the kube-sim demo world (packages/kube-sim/fixtures/demo) in
 * fixture caches, read by the built-in sources, with the catalog entities of
 * catalog/*.yaml — what the example backend serves, without HTTP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { ClusterSummary } from '@portolan/plugin-portolan-common';
import {
  type KubeObject,
  demoFixturesDir,
  loadFixtures,
} from '@portolan/kube-sim';
import { parseAllDocuments } from 'yaml';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import type { FleetCache } from '../../cache/FleetCache';
import { EntityResolver } from '../../entities/EntityResolver';
import { ArgoCdSource } from '../../sources/argocd/ArgoCdSource';
import { JenkinsXSource } from '../../sources/jenkinsx/JenkinsXSource';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { TektonSource } from '../../sources/tekton/TektonSource';
import { workloadsSource } from '../../sources/workloads/workloadsSource';
import { FleetViews, type FleetViewsStages } from '../../views/FleetViews';

// eslint-disable-next-line no-restricted-syntax -- test fixtures live in the source tree
const catalogDir = join(__dirname, '../../../../../catalog');

/** Every entity of the demo catalog (catalog/*.yaml except the Location). */
export function demoCatalogEntities(): Entity[] {
  return ['org.yaml', 'systems.yaml', 'services.yaml', 'clusters.yaml'].flatMap(
    file =>
      parseAllDocuments(readFileSync(join(catalogDir, file), 'utf8')).map(
        d => d.toJS() as Entity,
      ),
  );
}

export interface DemoFleet {
  snapshots: ReturnType<FixtureClusterCache['snapshot']>[];
  views: FleetViews;
  /** Views over the same fleet with the given stages (catalog, permissions, images). */
  viewsWith(stages: FleetViewsStages): FleetViews;
  resolver: EntityResolver;
  sources: SourceSet;
}

/** The demo clusters, plus `extra` objects per cluster name. */
export async function demoFleet(
  extra: Record<string, KubeObject[]> = {},
): Promise<DemoFleet> {
  const sources = new SourceSet([
    workloadsSource,
    new TektonSource(),
    new ArgoCdSource(),
    new JenkinsXSource(),
  ]);
  const fixtures = await loadFixtures(demoFixturesDir);
  const snapshots = fixtures.map(f =>
    new FixtureClusterCache(sources, {
      name: f.name,
      gitVersion: f.gitVersion,
      objects: [...f.objects, ...(extra[f.name] ?? [])],
    }).snapshot(),
  );
  const resolver = new EntityResolver(sources.matchers);
  const fleet = {
    snapshotAll: () => snapshots,
    sources,
  } as unknown as FleetCache;
  const viewsWith = (stages: FleetViewsStages) =>
    new FleetViews(fleet, resolver, mockServices.logger.mock(), stages);
  return {
    snapshots,
    views: viewsWith({}),
    viewsWith,
    resolver,
    sources,
  };
}

/** `GET /clusters` for the demo fleet, as far as onboarding reads it. */
export function demoClusterSummaries(fleet: DemoFleet): ClusterSummary[] {
  const declarations = fleet.sources.sources.flatMap(s => s.resources);
  return fleet.snapshots.map(snapshot => ({
    name: snapshot.name,
    title: snapshot.title,
    locator: 'demo',
    health: snapshot.health,
    version: {},
    resources: declarations.map(d => ({
      group: d.type.group,
      version: d.type.version,
      plural: d.type.plural,
      kind: d.type.kind,
      ...snapshot.resourceHealth(d),
      count: snapshot.list(d).length,
    })),
    facts: {},
  }));
}
