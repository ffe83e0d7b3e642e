/*
 * Test-only: the KpackImage records the kpack source makes of kpack objects
 * for one entity, through a fixture cache — what the timeline gets from the
 * view's `kpackImages` section.
 */
import type { KpackImage } from '@portolan/plugin-portolan-common';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { FixtureClusterCache } from '@portolan/plugin-portolan-node/testUtils';
import { EntityResolver } from '../../entities/EntityResolver';
import { KpackSource } from '../../sources/kpack/KpackSource';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { createEntityQuery } from '../../views/createEntityQuery';
import { componentEntity } from './componentEntity';

/** The kpack Images (with builds) of the entity labelled `kubernetesId` among `objects` on doks-tools. */
export function kpackImagesOf(
  kubernetesId: string,
  objects: KubeObject[],
): KpackImage[] {
  const source = new KpackSource();
  const sources = new SourceSet([source]);
  const cache = new FixtureClusterCache(sources, {
    name: 'doks-tools',
    objects,
  });
  const query = createEntityQuery(
    new EntityResolver(sources.matchers).resolve(
      componentEntity(kubernetesId, {
        'backstage.io/kubernetes-id': kubernetesId,
      }),
    ),
    [cache.snapshot()],
  );
  return source.entityView(query).kpackImages ?? [];
}
