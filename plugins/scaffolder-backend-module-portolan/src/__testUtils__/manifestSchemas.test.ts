import { manifestProblems } from './manifestSchemas';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'web:1',
            env: [{ name: 'PORT', value: '8080' }],
          },
        ],
      },
    },
  },
};

const pipeline = {
  apiVersion: 'tekton.dev/v1',
  kind: 'Pipeline',
  metadata: { name: 'web-build' },
  spec: {
    params: [{ name: 'git-url' }],
    workspaces: [{ name: 'source' }],
    results: [
      {
        name: 'IMAGE_DIGEST',
        value: '$(tasks.build.results.APP_IMAGE_DIGEST)',
      },
    ],
    tasks: [
      {
        name: 'build',
        taskRef: { name: 'buildpacks' },
        params: [{ name: 'url', value: '$(params.git-url)' }],
        workspaces: [{ name: 'source', workspace: 'source' }],
      },
    ],
  },
};

describe('manifestProblems', () => {
  it('accepts valid objects', async () => {
    expect(await manifestProblems(deployment)).toEqual([]);
    expect(await manifestProblems(pipeline)).toEqual([]);
  });

  it('catches what a template typically gets wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [
        {
          ...deployment,
          spec: {
            ...deployment.spec,
            selector: { matchLabels: { app: 'api' } },
          },
        },
        /selector\.matchLabels must match/,
      ],
      [
        {
          ...deployment,
          spec: {
            ...deployment.spec,
            template: {
              ...deployment.spec.template,
              spec: {
                containers: [
                  {
                    name: 'web',
                    image: 'web:1',
                    env: [{ name: 'PORT', value: 8080 }],
                  },
                ],
              },
            },
          },
        },
        /env\.0\.value/,
      ],
      [{ ...deployment, metadata: { name: 'Web_1' } }, /DNS-1123/],
      [
        { ...deployment, metadata: { name: 'web', labels: { app: 'a b' } } },
        /invalid label value/,
      ],
      [
        { ...deployment, spec: { ...deployment.spec, replica: 2 } },
        /Unrecognized key/,
      ],
      [
        {
          ...pipeline,
          spec: {
            ...pipeline.spec,
            tasks: [{ ...pipeline.spec.tasks[0], runAfter: ['clone'] }],
          },
        },
        /runs after unknown task clone/,
      ],
      [
        { ...pipeline, spec: { ...pipeline.spec, params: [] } },
        /\$\(params\.git-url\) is not a declared param/,
      ],
      [
        {
          ...pipeline,
          spec: {
            ...pipeline.spec,
            results: [{ name: 'X', value: '$(tasks.push.results.Y)' }],
          },
        },
        /unknown task push/,
      ],
      [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: 'web-prod' },
          spec: {
            project: 'shop',
            source: { repoURL: 'x' },
            destination: { namespace: 'shop' },
          },
        },
        /exactly one of server or name/,
      ],
      [
        {
          apiVersion: 'kpack.io/v1alpha2',
          kind: 'Image',
          metadata: { name: 'web' },
          spec: {
            tag: 'r/web',
            serviceAccount: 'x',
            source: { git: { url: 'https://g/x', revision: 'main' } },
          },
        },
        /Unrecognized key.*serviceAccount/,
      ],
      [
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
        /no schema/,
      ],
      [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'web' },
          spec: { type: 'service' },
        },
        /owner|lifecycle|not a Component/,
      ],
    ];
    for (const [object, problem] of cases) {
      expect((await manifestProblems(object)).join('\n')).toMatch(problem);
    }
  });
});
