/**
 * Resource types kube-sim serves as the API server has them: plural, scope,
 * short names, categories, and whether they have a status subresource.
 * Taken from `kubectl api-resources -o wide` of a v1.31 API server and the
 * upstream CRDs of the projects named (Tekton, Argo CD, Jenkins X, kpack,
 * Knative, OLM, OpenShift, Istio, Cilium).
 */

export interface ResourceDefinition {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Has a `status` subresource (PUT/PATCH on the main resource keep status). */
  status?: boolean;
  /** Extra subresources listed in discovery, e.g. `log` for pods. */
  subresources?: Array<{ name: string; kind: string; verbs: string[] }>;
  /** Served even when the cluster holds no object of this type. */
  alwaysServed?: boolean;
}

const core = (
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceDefinition> = {},
): ResourceDefinition => ({
  group: '',
  version: 'v1',
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  alwaysServed: true,
  ...extra,
});

const grouped = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceDefinition> = {},
): ResourceDefinition => ({
  group,
  version,
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  ...extra,
});

const scale = {
  name: 'scale',
  kind: 'Scale',
  verbs: ['get', 'patch', 'update'],
};

/** Built-in Kubernetes kinds, served by every cluster. */
export const BUILTIN_RESOURCES: ResourceDefinition[] = [
  core('Namespace', 'namespaces', false, { shortNames: ['ns'], status: true }),
  core('Node', 'nodes', false, { shortNames: ['no'], status: true }),
  core('Pod', 'pods', true, {
    shortNames: ['po'],
    categories: ['all'],
    status: true,
    subresources: [
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
    ],
  }),
  core('Service', 'services', true, {
    shortNames: ['svc'],
    categories: ['all'],
    status: true,
  }),
  core('Endpoints', 'endpoints', true, { shortNames: ['ep'] }),
  core('ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  core('Secret', 'secrets', true),
  core('Event', 'events', true, { shortNames: ['ev'] }),
  core('PersistentVolumeClaim', 'persistentvolumeclaims', true, {
    shortNames: ['pvc'],
    status: true,
  }),
  core('PersistentVolume', 'persistentvolumes', false, {
    shortNames: ['pv'],
    status: true,
  }),
  core('ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'] }),
  core('LimitRange', 'limitranges', true, { shortNames: ['limits'] }),
  core('ResourceQuota', 'resourcequotas', true, {
    shortNames: ['quota'],
    status: true,
  }),
  grouped('apps', 'v1', 'Deployment', 'deployments', true, {
    shortNames: ['deploy'],
    categories: ['all'],
    status: true,
    subresources: [scale],
    alwaysServed: true,
  }),
  grouped('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
    shortNames: ['rs'],
    categories: ['all'],
    status: true,
    subresources: [scale],
    alwaysServed: true,
  }),
  grouped('apps', 'v1', 'StatefulSet', 'statefulsets', true, {
    shortNames: ['sts'],
    categories: ['all'],
    status: true,
    subresources: [scale],
    alwaysServed: true,
  }),
  grouped('apps', 'v1', 'DaemonSet', 'daemonsets', true, {
    shortNames: ['ds'],
    categories: ['all'],
    status: true,
    alwaysServed: true,
  }),
  grouped('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true, {
    alwaysServed: true,
  }),
  grouped('batch', 'v1', 'Job', 'jobs', true, {
    categories: ['all'],
    status: true,
    alwaysServed: true,
  }),
  grouped('batch', 'v1', 'CronJob', 'cronjobs', true, {
    shortNames: ['cj'],
    categories: ['all'],
    status: true,
    alwaysServed: true,
  }),
  grouped('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, {
    shortNames: ['ing'],
    status: true,
    alwaysServed: true,
  }),
  grouped('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false, {
    alwaysServed: true,
  }),
  grouped('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, {
    shortNames: ['netpol'],
    alwaysServed: true,
  }),
  grouped('node.k8s.io', 'v1', 'RuntimeClass', 'runtimeclasses', false, {
    alwaysServed: true,
  }),
  grouped(
    'autoscaling',
    'v2',
    'HorizontalPodAutoscaler',
    'horizontalpodautoscalers',
    true,
    {
      shortNames: ['hpa'],
      categories: ['all'],
      status: true,
      alwaysServed: true,
    },
  ),
  grouped('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, {
    shortNames: ['pdb'],
    status: true,
    alwaysServed: true,
  }),
  grouped(
    'apiextensions.k8s.io',
    'v1',
    'CustomResourceDefinition',
    'customresourcedefinitions',
    false,
    { shortNames: ['crd', 'crds'], status: true, alwaysServed: true },
  ),
  grouped('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, {
    shortNames: ['sc'],
    alwaysServed: true,
  }),
  grouped(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRole',
    'clusterroles',
    false,
    {
      alwaysServed: true,
    },
  ),
  grouped(
    'rbac.authorization.k8s.io',
    'v1',
    'ClusterRoleBinding',
    'clusterrolebindings',
    false,
    { alwaysServed: true },
  ),
  grouped('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, {
    alwaysServed: true,
  }),
  grouped(
    'rbac.authorization.k8s.io',
    'v1',
    'RoleBinding',
    'rolebindings',
    true,
    {
      alwaysServed: true,
    },
  ),
  grouped('coordination.k8s.io', 'v1', 'Lease', 'leases', true, {
    alwaysServed: true,
  }),
  grouped('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true, {
    alwaysServed: true,
  }),
  grouped('events.k8s.io', 'v1', 'Event', 'events', true, {
    shortNames: ['ev'],
    alwaysServed: true,
  }),
  grouped('metrics.k8s.io', 'v1beta1', 'PodMetrics', 'pods', true),
  grouped('metrics.k8s.io', 'v1beta1', 'NodeMetrics', 'nodes', false),
];

/**
 * Custom resources whose names kube-sim knows from their upstream CRDs. They
 * are served only when the cluster holds such an object, lists them in
 * `apiResources`, or holds their CustomResourceDefinition.
 */
export const KNOWN_CUSTOM_RESOURCES: ResourceDefinition[] = [
  grouped('tekton.dev', 'v1', 'PipelineRun', 'pipelineruns', true, {
    shortNames: ['pr', 'prs'],
    categories: ['tekton', 'tekton-pipelines'],
    status: true,
  }),
  grouped('tekton.dev', 'v1', 'TaskRun', 'taskruns', true, {
    shortNames: ['tr', 'trs'],
    categories: ['tekton', 'tekton-pipelines'],
    status: true,
  }),
  grouped('tekton.dev', 'v1', 'Pipeline', 'pipelines', true, {
    categories: ['tekton', 'tekton-pipelines'],
  }),
  grouped('tekton.dev', 'v1', 'Task', 'tasks', true, {
    categories: ['tekton', 'tekton-pipelines'],
  }),
  grouped('argoproj.io', 'v1alpha1', 'Application', 'applications', true, {
    shortNames: ['app', 'apps'],
  }),
  grouped('argoproj.io', 'v1alpha1', 'AppProject', 'appprojects', true, {
    shortNames: ['appproj', 'appprojs'],
  }),
  grouped(
    'argoproj.io',
    'v1alpha1',
    'ApplicationSet',
    'applicationsets',
    true,
    {
      shortNames: ['appset', 'appsets'],
      status: true,
    },
  ),
  grouped('jenkins.io', 'v1', 'PipelineActivity', 'pipelineactivities', true, {
    shortNames: ['activity', 'act', 'pa'],
    categories: ['all'],
    status: true,
  }),
  grouped('kpack.io', 'v1alpha2', 'Image', 'images', true, {
    shortNames: ['cnbimage', 'cnbimages'],
    categories: ['kpack'],
    status: true,
  }),
  grouped('kpack.io', 'v1alpha2', 'Build', 'builds', true, {
    shortNames: ['cnbbuild', 'cnbbuilds', 'bld', 'blds'],
    categories: ['kpack'],
    status: true,
  }),
  grouped('kpack.io', 'v1alpha2', 'ClusterBuilder', 'clusterbuilders', false, {
    shortNames: ['clstbldr', 'clstbldrs'],
    categories: ['kpack'],
    status: true,
  }),
  grouped('kpack.io', 'v1alpha2', 'ClusterStack', 'clusterstacks', false, {
    categories: ['kpack'],
    status: true,
  }),
  grouped('serving.knative.dev', 'v1', 'Service', 'services', true, {
    shortNames: ['kservice', 'ksvc'],
    categories: ['all', 'knative', 'serving'],
    status: true,
  }),
  grouped('serving.knative.dev', 'v1', 'Revision', 'revisions', true, {
    shortNames: ['rev'],
    categories: ['all', 'knative', 'serving'],
    status: true,
  }),
  grouped('serving.knative.dev', 'v1', 'Route', 'routes', true, {
    shortNames: ['rt'],
    categories: ['all', 'knative', 'serving'],
    status: true,
  }),
  grouped(
    'serving.knative.dev',
    'v1',
    'Configuration',
    'configurations',
    true,
    {
      shortNames: ['config', 'cfg'],
      categories: ['all', 'knative', 'serving'],
      status: true,
    },
  ),
  grouped(
    'operators.coreos.com',
    'v1alpha1',
    'ClusterServiceVersion',
    'clusterserviceversions',
    true,
    { shortNames: ['csv', 'csvs'], categories: ['olm'], status: true },
  ),
  grouped(
    'operators.coreos.com',
    'v1alpha1',
    'Subscription',
    'subscriptions',
    true,
    {
      shortNames: ['sub', 'subs'],
      categories: ['olm'],
      status: true,
    },
  ),
  grouped('route.openshift.io', 'v1', 'Route', 'routes', true, {
    status: true,
  }),
  grouped(
    'config.openshift.io',
    'v1',
    'ClusterVersion',
    'clusterversions',
    false,
    {
      status: true,
    },
  ),
  grouped(
    'config.openshift.io',
    'v1',
    'Infrastructure',
    'infrastructures',
    false,
    {
      status: true,
    },
  ),
  grouped(
    'networking.istio.io',
    'v1',
    'VirtualService',
    'virtualservices',
    true,
    {
      shortNames: ['vs'],
      categories: ['istio-io', 'networking-istio-io'],
      status: true,
    },
  ),
  grouped(
    'networking.istio.io',
    'v1',
    'DestinationRule',
    'destinationrules',
    true,
    {
      shortNames: ['dr'],
      categories: ['istio-io', 'networking-istio-io'],
      status: true,
    },
  ),
  grouped('networking.istio.io', 'v1', 'Gateway', 'gateways', true, {
    shortNames: ['gw'],
    categories: ['istio-io', 'networking-istio-io'],
    status: true,
  }),
  grouped(
    'cilium.io',
    'v2',
    'CiliumNetworkPolicy',
    'ciliumnetworkpolicies',
    true,
    {
      shortNames: ['cnp', 'ciliumnp'],
      categories: ['cilium', 'ciliumpolicy'],
      status: true,
    },
  ),
  grouped('cilium.io', 'v2', 'CiliumNode', 'ciliumnodes', false, {
    shortNames: ['cn', 'ciliumn'],
    categories: ['cilium'],
  }),
  grouped('cilium.io', 'v2', 'CiliumEndpoint', 'ciliumendpoints', true, {
    shortNames: ['cep', 'ciliumep'],
    categories: ['cilium'],
    status: true,
  }),
];
