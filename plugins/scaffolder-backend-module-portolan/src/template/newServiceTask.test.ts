/*
 * The template run for real (not a dry run) on a test backend with the real
 * catalog and scaffolder: the template comes from the catalog, the
 * repository is published to a local git directory, and the service shows
 * up in the catalog through its `file` location.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import scaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModulePortolan } from '../module';

jest.setTimeout(120_000);

// eslint-disable-next-line no-restricted-syntax -- the template lives in the repository
const templateFile = join(
  __dirname,
  '../../../../catalog/templates/new-service/template.yaml',
);

/** What the demo's catalogModulePortolanLocalRepositories does: allow file locations. */
const allowFileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-file-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

describe('creating a service from the template', () => {
  let baseDir: string;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    baseDir = mkdtempSync(join(tmpdir(), 'portolan-task-'));
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        scaffolderEntityModel,
        allowFileLocations,
        scaffolderPlugin,
        scaffolderModulePortolan,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              processingInterval: { seconds: 1 },
              locations: [
                {
                  type: 'file',
                  target: templateFile,
                  rules: [{ allow: ['Template'] }],
                },
              ],
            },
            portolan: { scaffolder: { localGit: { baseDir } } },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  async function until<T>(
    what: string,
    check: () => Promise<T | undefined>,
  ): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 250));
    }
  }

  it('publishes the repository and registers the service', async () => {
    await until('the template in the catalog', async () => {
      const res = await request(backend.server).get(
        '/api/catalog/entities/by-name/template/default/new-service-on-kubernetes',
      );
      return res.status === 200 ? res.body : undefined;
    });

    const created = await request(backend.server)
      .post('/api/scaffolder/v2/tasks')
      .send({
        templateRef: 'template:default/new-service-on-kubernetes',
        values: {
          name: 'basket-api',
          owner: 'group:default/team-storefront',
          system: 'system:default/storefront',
          language: 'nodejs',
          build: 'tekton',
          builder: 'paketobuildpacks/builder-jammy-base:latest',
          environments: [
            { name: 'prod', cluster: 'resource:default/gke-prod-eu' },
          ],
        },
      });
    expect(created.status).toBe(201);

    const task = await until('the task to finish', async () => {
      const res = await request(backend.server).get(
        `/api/scaffolder/v2/tasks/${created.body.id}`,
      );
      return ['completed', 'failed'].includes(res.body.status)
        ? res.body
        : undefined;
    });
    const events = await request(backend.server).get(
      `/api/scaffolder/v2/tasks/${created.body.id}/events`,
    );
    if (task.status !== 'completed') {
      throw new Error(events.body.map((e: any) => e.body.message).join('\n'));
    }
    const { output } = events.body.find(
      (e: any) => e.type === 'completion',
    ).body;
    const repo = join(baseDir, 'basket-api');
    expect(output.links[0]).toEqual({
      title: 'Repository (local git)',
      url: `file://${repo}`,
    });
    expect(output.links[1].entityRef).toBe('component:default/basket-api');

    const files = execFileSync('git', ['-C', repo, 'ls-files'], {
      encoding: 'utf8',
    })
      .trim()
      .split('\n');
    expect(files).toEqual([
      '.tekton/pipeline.yaml',
      '.tekton/triggers.yaml',
      'README.md',
      'argocd/basket-api-prod.yaml',
      'catalog-info.yaml',
      'deploy/prod/deployment.yaml',
      'deploy/prod/service.yaml',
      'project.toml',
    ]);
    expect(
      parse(readFileSync(join(repo, 'catalog-info.yaml'), 'utf8')).metadata
        .name,
    ).toBe('basket-api');

    const entity = await until('the service in the catalog', async () => {
      const res = await request(backend.server).get(
        '/api/catalog/entities/by-name/component/default/basket-api',
      );
      return res.status === 200 ? res.body : undefined;
    });
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/managed-by-location': `file:${join(
        repo,
        'catalog-info.yaml',
      )}`,
      'backstage.io/kubernetes-id': 'basket-api',
      'argocd/app-name': 'basket-api-prod',
    });
  });
});
