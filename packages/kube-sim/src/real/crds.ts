/*
 * The CustomResourceDefinitions Portolan reads, declared by this project with
 * the upstream groups, versions, kinds, plurals and scope, each with a status
 * subresource and a schema that preserves unknown fields. Installed into a
 * real kube-apiserver by startRealCluster. This module only describes them;
 * it never talks to a server.
 */

interface CrdSpec {
  group: string;
  versions: string[];
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  shortNames?: string[];
}

const SPECS: CrdSpec[] = [
  // Tekton Pipelines (tekton.dev): v1 served and stored, v1beta1 still served.
  {
    group: 'tekton.dev',
    versions: ['v1', 'v1beta1'],
    kind: 'PipelineRun',
    plural: 'pipelineruns',
    scope: 'Namespaced',
    shortNames: ['pr', 'prs'],
  },
  {
    group: 'tekton.dev',
    versions: ['v1', 'v1beta1'],
    kind: 'TaskRun',
    plural: 'taskruns',
    scope: 'Namespaced',
    shortNames: ['tr', 'trs'],
  },
  {
    group: 'tekton.dev',
    versions: ['v1', 'v1beta1'],
    kind: 'Pipeline',
    plural: 'pipelines',
    scope: 'Namespaced',
  },
  {
    group: 'tekton.dev',
    versions: ['v1', 'v1beta1'],
    kind: 'Task',
    plural: 'tasks',
    scope: 'Namespaced',
  },
  // Argo CD (argoproj.io).
  {
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    kind: 'Application',
    plural: 'applications',
    scope: 'Namespaced',
    shortNames: ['app', 'apps'],
  },
  {
    group: 'argoproj.io',
    versions: ['v1alpha1'],
    kind: 'AppProject',
    plural: 'appprojects',
    scope: 'Namespaced',
    shortNames: ['appproj', 'appprojs'],
  },
  // Jenkins X (jenkins.io).
  {
    group: 'jenkins.io',
    versions: ['v1'],
    kind: 'PipelineActivity',
    plural: 'pipelineactivities',
    scope: 'Namespaced',
    shortNames: ['activity', 'act'],
  },
  // kpack (kpack.io).
  {
    group: 'kpack.io',
    versions: ['v1alpha2'],
    kind: 'Image',
    plural: 'images',
    scope: 'Namespaced',
    shortNames: ['cnbimage', 'cnbimages'],
  },
  {
    group: 'kpack.io',
    versions: ['v1alpha2'],
    kind: 'Build',
    plural: 'builds',
    scope: 'Namespaced',
    shortNames: ['cnbbuild', 'cnbbuilds', 'bld', 'blds'],
  },
  {
    group: 'kpack.io',
    versions: ['v1alpha2'],
    kind: 'Builder',
    plural: 'builders',
    scope: 'Namespaced',
    shortNames: ['bldr', 'bldrs'],
  },
  {
    group: 'kpack.io',
    versions: ['v1alpha2'],
    kind: 'ClusterBuilder',
    plural: 'clusterbuilders',
    scope: 'Cluster',
    shortNames: ['clstbldr', 'clstbldrs'],
  },
  {
    group: 'kpack.io',
    versions: ['v1alpha2'],
    kind: 'ClusterStack',
    plural: 'clusterstacks',
    scope: 'Cluster',
  },
  // Operator Lifecycle Manager (operators.coreos.com).
  {
    group: 'operators.coreos.com',
    versions: ['v1alpha1'],
    kind: 'ClusterServiceVersion',
    plural: 'clusterserviceversions',
    scope: 'Namespaced',
    shortNames: ['csv', 'csvs'],
  },
];

/** A CRD object (apiextensions.k8s.io/v1) for one spec. */
function crdOf(s: CrdSpec): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${s.plural}.${s.group}` },
    spec: {
      group: s.group,
      scope: s.scope,
      names: {
        kind: s.kind,
        listKind: `${s.kind}List`,
        plural: s.plural,
        singular: s.kind.toLowerCase(),
        ...(s.shortNames ? { shortNames: s.shortNames } : {}),
      },
      versions: s.versions.map((name, i) => ({
        name,
        served: true,
        storage: i === 0,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      })),
    },
  };
}

/** Every CRD Portolan reads, in install order. */
export const PORTOLAN_CRDS: ReadonlyArray<Record<string, unknown>> =
  SPECS.map(crdOf);
