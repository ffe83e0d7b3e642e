/*
 * The "New service on Kubernetes" template (catalog/templates/new-service),
 * run through the scaffolder's dry-run API on a test backend with the real
 * scaffolder and this module: every file it generates that is YAML parses,
 * and every document validates against its kind's schema.
 */
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import { manifestProblems } from '../__testUtils__/manifestSchemas';
import { scaffolderModulePortolan } from '../module';

jest.setTimeout(60_000);

// eslint-disable-next-line no-restricted-syntax -- the template lives in the repository
const templateDir = join(
  __dirname,
  '../../../../catalog/templates/new-service',
);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const template = parse(
  readFileSync(join(templateDir, 'template.yaml'), 'utf8'),
);
const directoryContents = filesUnder(templateDir).map(path => ({
  path: relative(templateDir, path),
  base64Content: readFileSync(path).toString('base64'),
}));

const values = {
  name: 'basket-api',
  description: 'Baskets: what customers are about to buy',
  owner: 'group:default/team-storefront',
  system: 'system:default/storefront',
  repositoryOwner: 'acme',
  language: 'nodejs',
  build: 'tekton',
  builder: 'paketobuildpacks/builder-jammy-base:latest',
  port: 8080,
  environments: [
    { name: 'staging', cluster: 'resource:default/aks-staging' },
    { name: 'prod', cluster: 'resource:default/gke-prod-eu', replicas: 3 },
  ],
  imageRegistry: 'registry.acme.example',
};

interface DryRunFile {
  path: string;
  base64Content: string;
}

describe('the "New service on Kubernetes" template', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let baseDir: string;

  beforeAll(async () => {
    baseDir = mkdtempSync(join(tmpdir(), 'portolan-template-'));
    backend = await startTestBackend({
      features: [
        scaffolderPlugin,
        scaffolderModulePortolan,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: { portolan: { scaffolder: { localGit: { baseDir } } } },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
    rmSync(baseDir, { recursive: true, force: true });
  });

  async function dryRun(input: Record<string, unknown>) {
    return request(backend.server)
      .post('/api/scaffolder/v2/dry-run')
      .send({ template, values: input, secrets: {}, directoryContents });
  }

  async function generated(input: Record<string, unknown>) {
    const res = await dryRun(input);
    expect(res.status).toBe(200);
    const files = new Map<string, string>(
      (res.body.directoryContents as DryRunFile[]).map(f => [
        f.path,
        Buffer.from(f.base64Content, 'base64').toString('utf8'),
      ]),
    );
    return { files, output: res.body.output, log: res.body.log };
  }

  /** Every document of every YAML file, each checked against its kind's schema. */
  async function validateAll(files: Map<string, string>) {
    const kinds: string[] = [];
    for (const [path, text] of files) {
      if (!/\.ya?ml$/.test(path)) continue;
      const documents = parseAllDocuments(text);
      for (const [i, document] of documents.entries()) {
        expect({
          path,
          i,
          errors: document.errors.map(e => e.message),
        }).toEqual({
          path,
          i,
          errors: [],
        });
        const object = document.toJS();
        expect({ path, i, problems: await manifestProblems(object) }).toEqual({
          path,
          i,
          problems: [],
        });
        kinds.push(`${path}: ${object.kind}`);
      }
    }
    return kinds.sort();
  }

  it('generates a Tekton repository in which every YAML document validates', async () => {
    const { files, output } = await generated(values);
    expect([...files.keys()].sort()).toEqual([
      '.tekton/pipeline.yaml',
      '.tekton/triggers.yaml',
      'README.md',
      'argocd/basket-api-prod.yaml',
      'argocd/basket-api-staging.yaml',
      'catalog-info.yaml',
      'deploy/prod/deployment.yaml',
      'deploy/prod/service.yaml',
      'deploy/staging/deployment.yaml',
      'deploy/staging/service.yaml',
      'project.toml',
    ]);
    expect(await validateAll(files)).toEqual([
      '.tekton/pipeline.yaml: Pipeline',
      '.tekton/triggers.yaml: EventListener',
      '.tekton/triggers.yaml: TriggerBinding',
      '.tekton/triggers.yaml: TriggerTemplate',
      'argocd/basket-api-prod.yaml: Application',
      'argocd/basket-api-staging.yaml: Application',
      'catalog-info.yaml: Component',
      'deploy/prod/deployment.yaml: Deployment',
      'deploy/prod/service.yaml: Service',
      'deploy/prod/service.yaml: ServiceAccount',
      'deploy/staging/deployment.yaml: Deployment',
      'deploy/staging/service.yaml: Service',
      'deploy/staging/service.yaml: ServiceAccount',
    ]);
    expect(output.links).toEqual([
      {
        title: 'Repository (local git)',
        url: `file://${join(baseDir, 'basket-api')}`,
      },
      {
        title: 'Open in the catalog',
        icon: 'catalog',
        entityRef: 'component:default/basket-api',
      },
    ]);
  });

  it('writes catalog-info.yaml with every annotation Portolan reads', async () => {
    const { files } = await generated(values);
    expect(parse(files.get('catalog-info.yaml')!)).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'basket-api',
        description: 'Baskets: what customers are about to buy',
        annotations: {
          'backstage.io/kubernetes-id': 'basket-api',
          'backstage.io/source-location':
            'url:https://github.com/acme/basket-api/tree/main/',
          'github.com/project-slug': 'acme/basket-api',
          'tekton.dev/cicd': 'true',
          'argocd/app-name': 'basket-api-staging,basket-api-prod',
        },
        tags: ['nodejs', 'buildpacks', 'tekton'],
        links: [
          { url: 'https://github.com/acme/basket-api', title: 'Repository' },
        ],
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-storefront',
        system: 'system:default/storefront',
      },
    });
  });

  it('builds with the buildpacks task and reports IMAGE_URL and IMAGE_DIGEST', async () => {
    const { files } = await generated(values);
    const pipeline = parse(files.get('.tekton/pipeline.yaml')!);
    expect(pipeline.metadata).toMatchObject({
      name: 'basket-api-build',
      namespace: 'ci',
    });
    const build = pipeline.spec.tasks.find(
      (t: { name: string }) => t.name === 'build-image',
    );
    expect(build.taskRef.params).toContainEqual({
      name: 'name',
      value: 'buildpacks',
    });
    expect(build.params).toContainEqual({
      name: 'BUILDER_IMAGE',
      value: 'paketobuildpacks/builder-jammy-base:latest',
    });
    expect(pipeline.spec.params).toContainEqual(
      expect.objectContaining({
        name: 'image',
        default: 'registry.acme.example/storefront/basket-api',
      }),
    );
    expect(pipeline.spec.results).toEqual([
      expect.objectContaining({
        name: 'IMAGE_URL',
        value: '$(tasks.build-image.results.APP_IMAGE_URL)',
      }),
      expect.objectContaining({
        name: 'IMAGE_DIGEST',
        value: '$(tasks.build-image.results.APP_IMAGE_DIGEST)',
      }),
    ]);
    const [, triggerTemplate] = parseAllDocuments(
      files.get('.tekton/triggers.yaml')!,
    ).map(d => d.toJS());
    expect(
      triggerTemplate.spec.resourcetemplates[0].metadata.labels,
    ).toMatchObject({
      'backstage.io/kubernetes-id': 'basket-api',
      'tekton.dev/pipeline': 'basket-api-build',
    });
  });

  it('labels the workloads and points one Argo CD Application at each environment', async () => {
    const { files } = await generated(values);
    const prod = parse(files.get('deploy/prod/deployment.yaml')!);
    expect(prod.metadata).toMatchObject({
      namespace: 'storefront',
      labels: { 'backstage.io/kubernetes-id': 'basket-api' },
    });
    expect(prod.spec.replicas).toBe(3);
    expect(
      prod.spec.template.metadata.labels['backstage.io/kubernetes-id'],
    ).toBe('basket-api');
    expect(prod.spec.template.spec.containers[0].ports[0].containerPort).toBe(
      8080,
    );
    const staging = parse(files.get('deploy/staging/deployment.yaml')!);
    expect(staging.metadata.namespace).toBe('storefront-staging');
    expect(staging.spec.replicas).toBe(2);
    expect(
      parse(files.get('argocd/basket-api-staging.yaml')!).spec,
    ).toMatchObject({
      project: 'storefront',
      source: {
        repoURL: 'https://github.com/acme/basket-api.git',
        targetRevision: 'main',
        path: 'deploy/staging',
      },
      destination: { name: 'aks-staging', namespace: 'storefront-staging' },
    });
  });

  it('generates a kpack Image instead of Tekton when asked, for every language', async () => {
    for (const language of ['java', 'go', 'python', 'ruby', 'dotnet']) {
      const { files } = await generated({
        ...values,
        language,
        build: 'kpack',
        environments: [
          {
            name: 'dev',
            cluster: 'resource:default/openshift-dev',
            namespace: 'baskets-dev',
          },
        ],
      });
      expect([...files.keys()].filter(p => p.startsWith('.tekton/'))).toEqual(
        [],
      );
      expect(await validateAll(files)).toEqual([
        'argocd/basket-api-dev.yaml: Application',
        'catalog-info.yaml: Component',
        'deploy/dev/deployment.yaml: Deployment',
        'deploy/dev/service.yaml: Service',
        'deploy/dev/service.yaml: ServiceAccount',
        'kpack/image.yaml: Image',
      ]);
      expect(parse(files.get('kpack/image.yaml')!).spec).toMatchObject({
        tag: 'registry.acme.example/storefront/basket-api',
        source: {
          git: { url: 'https://github.com/acme/basket-api', revision: 'main' },
        },
      });
      const annotations = parse(files.get('catalog-info.yaml')!).metadata
        .annotations;
      expect(annotations['kpack.io/image']).toBe('ci/basket-api');
      expect(annotations['tekton.dev/cicd']).toBeUndefined();
      expect(
        parse(files.get('deploy/dev/deployment.yaml')!).metadata.namespace,
      ).toBe('baskets-dev');
      expect(files.get('project.toml')).toContain(
        '[[io.buildpacks.build.env]]',
      );
    }
  });

  it('applies the defaults an API caller leaves out', async () => {
    const { port, imageRegistry, repositoryOwner, description, ...required } =
      values;
    const { files } = await generated(required);
    await validateAll(files);
    expect(parse(files.get('catalog-info.yaml')!).metadata.description).toBe(
      'The basket-api service',
    );
  });

  it('refuses invalid input', async () => {
    for (const bad of [
      { ...values, name: 'Basket_API' },
      { ...values, name: 'a-name-far-too-long-for-the-template' },
      { ...values, language: 'cobol' },
      { ...values, build: 'docker' },
      { ...values, builder: 'my/builder' },
      { ...values, environments: [] },
      {
        ...values,
        environments: [{ name: 'qa', cluster: 'resource:default/aks-staging' }],
      },
      {
        ...values,
        environments: [
          {
            name: 'prod',
            cluster: 'resource:default/gke-prod-eu',
            namespace: 'Prod',
          },
        ],
      },
      (({ owner, ...rest }) => rest)(values),
    ]) {
      const res = await dryRun(bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
    }
  });
});
