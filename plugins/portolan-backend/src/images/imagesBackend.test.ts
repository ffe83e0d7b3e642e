/*
 * The images and kpack sources inside the real plugin, against the demo
 * world on kube-sim over HTTPS: watched by the real cache, described by the
 * plugin's ImageService with no registry configured (what the demo shows),
 * served by the real router.
 */
import type { Entity } from '@backstage/catalog-model';
import { demoFixturesDir, loadFixtures } from '@portolan/kube-sim';
import {
  type ImageViewSections,
  KpackImageSchema,
  RunningImageSchema,
  type ClusterSummary,
  type EntityView,
} from '@portolan/plugin-portolan-common';
import {
  component,
  startPortolanTestBackend,
  waitFor,
  type PortolanTestBackend,
} from '../__testUtils__/portolanTestBackend';

jest.setTimeout(180_000);

let backend: PortolanTestBackend;

beforeAll(async () => {
  const entities: Entity[] = [
    component('invoice-worker', 'group:default/team-payments'),
  ];
  backend = await startPortolanTestBackend({
    clusters: await loadFixtures(demoFixturesDir),
    entities,
  });
  await waitFor(
    'every demo cluster synced',
    async () =>
      (
        await backend.clusters()
      ).every((c: ClusterSummary) => c.health.state === 'synced'),
    120_000,
  );
});

afterAll(async () => {
  await backend?.stop();
});

it('serves invoice-worker’s kpack Images and running images, and describes them from kpack alone', async () => {
  const view = (await backend.entityView(
    'component:default/invoice-worker',
  )) as EntityView & ImageViewSections;
  expect(view.sourceErrors).toEqual([]);

  const [kpackImage] = view.kpackImages ?? [];
  expect(KpackImageSchema.parse(kpackImage)).toEqual(kpackImage);
  expect(kpackImage).toMatchObject({
    cluster: 'doks-tools',
    name: 'invoice-worker',
    currentRunImageFrom: 'ClusterStack/base',
  });
  // The reason and changes annotations survived the cache's annotation filter.
  expect(kpackImage.builds[0].reasons).not.toEqual([]);
  expect(kpackImage.builds[0].changes.length).toBeGreaterThan(0);

  const running = view.images ?? [];
  expect(running.length).toBeGreaterThan(0);
  for (const image of running) {
    expect(RunningImageSchema.parse(image)).toEqual(image);
    // No registry is configured: nothing was fetched, nothing was tried.
    expect(image.registry.state).toBe('not-configured');
  }
  const own = running.filter(i =>
    i.repository.endsWith('/payments/invoice-worker'),
  );
  expect(own.length).toBeGreaterThan(0);
  for (const image of own) {
    expect(image).toMatchObject({
      buildpacks: { detected: true, source: 'kpack' },
      build: { system: 'kpack' },
      rebase: { state: 'rebase-available', basis: 'kpack' },
    });
  }
});
