import type { ApiResourceSpec, KubeObject } from '../types';
import { argoApplication, argoProjects, ARGO_NAMESPACE } from './argo';
import { demoBuilds } from './builds';
import { crds } from './crds';
import { at, DemoIds } from './DemoIds';
import { CLUSTERS, type DemoCluster, placements, SERVICES } from './demoWorld';
import { JX_NAMESPACE, pipelineActivities } from './jenkinsx';
import { KPACK_NAMESPACE, kpackObjects } from './kpack';
import { demoNodes } from './nodes';
import { daemonSet, namespace, systemDeployment } from './platform';
import {
  CI_NAMESPACE,
  progressOf,
  tektonDefinitions,
  tektonRun,
} from './tekton';
import { demoWorkload, type WorkloadContext } from './workloads';

/** One cluster folder of the demo fixtures. */
export interface DemoClusterFiles {
  name: string;
  cluster: {
    gitVersion: string;
    token: string;
    apiResources?: ApiResourceSpec[];
  };
  /** File name → objects (one YAML document each). */
  files: Record<string, KubeObject[]>;
}

const SYSTEM_LABELS = (system: string) => ({
  'app.kubernetes.io/part-of': system,
  'acme.example/owner': `team-${system}`,
});

function platformObjects(
  ids: DemoIds,
  c: DemoCluster,
  nodes: KubeObject[],
): KubeObject[] {
  const out: KubeObject[] = [];
  const dep = (
    ns: string,
    name: string,
    image: string,
    replicas = 1,
    labels: Record<string, string> = {},
  ) =>
    out.push(
      ...systemDeployment(ids, c, nodes, ns, name, image, replicas, labels),
    );
  const ds = (
    ns: string,
    name: string,
    image: string,
    labels: Record<string, string> = {},
  ) => out.push(daemonSet(ids, c, ns, name, image, nodes.length, labels));
  if (c.offering !== 'openshift')
    dep(
      'kube-system',
      'coredns',
      'registry.k8s.io/coredns/coredns:v1.11.3',
      2,
      { 'k8s-app': 'kube-dns' },
    );
  switch (c.offering) {
    case 'gke':
      out.push(
        namespace(ids, c, 'istio-system', {
          'topology.istio.io/network': 'acme-eu',
        }),
      );
      dep('istio-system', 'istiod', 'docker.io/istio/pilot:1.24.2', 2, {
        istio: 'pilot',
        'istio.io/rev': 'default',
      });
      ds(
        'kube-system',
        'gke-metadata-server',
        'gke.gcr.io/gke-metadata-server:20241121_2300_RC0',
      );
      ds(
        'kube-system',
        'nvidia-gpu-device-plugin-small-cos',
        `gke.gcr.io/nvidia-gpu-device-plugin@sha256:${ids.digest('nvidia-dp')}`,
      );
      out.push({
        apiVersion: 'node.k8s.io/v1',
        kind: 'RuntimeClass',
        metadata: {
          name: 'gvisor',
          uid: ids.uid('rc:gvisor'),
          creationTimestamp: at(-99000),
          labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' },
        },
        handler: 'runsc',
        overhead: { podFixed: { cpu: '250m', memory: '100Mi' } },
        scheduling: {
          nodeSelector: { 'sandbox.gke.io/runtime': 'gvisor' },
          tolerations: [
            {
              effect: 'NoSchedule',
              key: 'sandbox.gke.io/runtime',
              operator: 'Equal',
              value: 'gvisor',
            },
          ],
        },
      });
      out.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: {
          name: 'storefront-web',
          namespace: 'storefront',
          uid: ids.uid('vs:storefront-web'),
          creationTimestamp: at(-40000),
          generation: 3,
          labels: { 'backstage.io/kubernetes-id': 'storefront-web' },
        },
        spec: {
          hosts: ['shop.acme.example'],
          gateways: ['istio-system/public-gateway'],
          http: [
            {
              route: [
                {
                  destination: {
                    host: 'storefront-web.storefront.svc.cluster.local',
                    port: { number: 80 },
                  },
                },
              ],
              retries: { attempts: 2, perTryTimeout: '2s' },
            },
          ],
        },
      });
      break;
    case 'eks':
      ds(
        'kube-system',
        'aws-node',
        '602401143452.dkr.ecr.us-east-1.amazonaws.com/amazon-k8s-cni:v1.19.0-eksbuild.1',
        { 'app.kubernetes.io/name': 'aws-node' },
      );
      ds(
        'kube-system',
        'kube-proxy',
        '602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/kube-proxy:v1.30.6-minimal-eksbuild.3',
      );
      ds(
        'kube-system',
        'ebs-csi-node',
        '602401143452.dkr.ecr.us-east-1.amazonaws.com/eks/aws-ebs-csi-driver:v1.37.0',
      );
      break;
    case 'aks':
      ds(
        'kube-system',
        'azure-cns',
        'mcr.microsoft.com/containernetworking/azure-cns:v1.6.13',
      );
      ds(
        'kube-system',
        'kube-proxy',
        'mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.30.7-hotfix.20241120',
      );
      ds(
        'kube-system',
        'cloud-node-manager',
        'mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager:v1.30.7',
      );
      out.push(namespace(ids, c, JX_NAMESPACE, { team: 'jx', env: 'dev' }));
      dep(
        JX_NAMESPACE,
        'lighthouse-webhooks',
        'ghcr.io/jenkins-x/lighthouse-webhooks:1.22.1',
        1,
        { app: 'lighthouse-webhooks' },
      );
      dep(
        JX_NAMESPACE,
        'jx-build-controller',
        'ghcr.io/jenkins-x/jx-build-controller:0.5.12',
        1,
        { app: 'jx-build-controller' },
      );
      break;
    case 'openshift':
      out.push(namespace(ids, c, 'openshift-config'));
      out.push(
        namespace(ids, c, 'openshift-operators', {
          'openshift.io/cluster-monitoring': 'true',
        }),
      );
      out.push(namespace(ids, c, 'openshift-gitops'));
      dep(
        'openshift-dns',
        'dns-default',
        `quay.io/openshift-release-dev/ocp-v4.0-art-dev@sha256:${ids.digest(
          'ocp-dns',
        )}`,
        2,
        { 'dns.operator.openshift.io/daemonset-dns': 'default' },
      );
      out.push({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: 'rosa-brand-logo',
          namespace: 'openshift-config',
          uid: ids.uid('cm:rosa-brand-logo'),
          creationTimestamp: at(-99000),
          labels: { 'hypershift.openshift.io/managed': 'true' },
        },
        data: {
          'rosa-brand-logo.svg':
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><title>Red Hat OpenShift Service on AWS</title></svg>',
        },
      });
      out.push({
        apiVersion: 'config.openshift.io/v1',
        kind: 'ClusterVersion',
        metadata: {
          name: 'version',
          uid: ids.uid('ocp:clusterversion'),
          creationTimestamp: at(-99000),
          generation: 4,
        },
        spec: { clusterID: ids.uid('ocp:clusterid'), channel: 'stable-4.16' },
        status: {
          desired: {
            version: '4.16.21',
            image: `quay.io/openshift-release-dev/ocp-release@sha256:${ids.digest(
              'ocp-4.16.21',
            )}`,
          },
          history: [
            {
              state: 'Completed',
              version: '4.16.21',
              startedTime: at(-20000),
              completionTime: at(-19950),
              verified: true,
            },
          ],
          observedGeneration: 4,
          versionHash: 'd5d1b4f',
        },
      });
      out.push({
        apiVersion: 'config.openshift.io/v1',
        kind: 'Infrastructure',
        metadata: {
          name: 'cluster',
          uid: ids.uid('ocp:infra'),
          creationTimestamp: at(-99000),
          generation: 1,
        },
        spec: { platformSpec: { type: 'AWS', aws: {} } },
        status: {
          infrastructureName: 'openshift-dev-7x2kq',
          platform: 'AWS',
          platformStatus: { type: 'AWS', aws: { region: 'us-east-2' } },
          controlPlaneTopology: 'External',
          infrastructureTopology: 'HighlyAvailable',
        },
      });
      for (const [name, display, version, replaces, provider] of [
        [
          'openshift-gitops-operator.v1.14.2',
          'Red Hat OpenShift GitOps',
          '1.14.2',
          'openshift-gitops-operator.v1.14.1',
          'Red Hat Inc',
        ],
        [
          'openshift-pipelines-operator-rh.v1.16.1',
          'Red Hat OpenShift Pipelines',
          '1.16.1',
          'openshift-pipelines-operator-rh.v1.16.0',
          'Red Hat',
        ],
        [
          'cert-manager-operator.v1.14.0',
          'cert-manager Operator for Red Hat OpenShift',
          '1.14.0',
          'cert-manager-operator.v1.13.1',
          'Red Hat',
        ],
      ]) {
        out.push({
          apiVersion: 'operators.coreos.com/v1alpha1',
          kind: 'ClusterServiceVersion',
          metadata: {
            name,
            namespace: 'openshift-operators',
            uid: ids.uid(`csv:${name}`),
            creationTimestamp: at(-30000 - ids.int(`csvc:${name}`, 3000)),
            generation: 1,
            labels: {
              'operators.coreos.com/copied': 'false',
              [`operators.coreos.com/${
                name.split('.')[0]
              }.openshift-operators`]: '',
            },
            annotations: {
              'olm.operatorGroup': 'global-operators',
              'olm.operatorNamespace': 'openshift-operators',
              'operatorframework.io/properties': '{"properties":[]}',
            },
          },
          spec: {
            displayName: display,
            version,
            replaces,
            provider: { name: provider },
            maturity: 'GA',
            installModes: [{ type: 'AllNamespaces', supported: true }],
            install: { strategy: 'deployment', spec: { deployments: [] } },
          },
          status: {
            phase: 'Succeeded',
            reason: 'InstallSucceeded',
            message: 'install strategy completed with no errors',
            lastTransitionTime: at(-29000),
            lastUpdateTime: at(-29000),
            requirementStatus: [],
          },
        });
      }
      break;
    case 'k3s':
      ds('kube-system', 'cilium', 'quay.io/cilium/cilium:v1.16.4', {
        'app.kubernetes.io/name': 'cilium-agent',
        'app.kubernetes.io/part-of': 'cilium',
      });
      dep(
        'kube-system',
        'cilium-operator',
        'quay.io/cilium/operator-generic:v1.16.4',
        1,
        { 'io.cilium/app': 'operator', 'app.kubernetes.io/part-of': 'cilium' },
      );
      dep(
        'kube-system',
        'local-path-provisioner',
        'rancher/local-path-provisioner:v0.0.30',
      );
      out.push({
        apiVersion: 'cilium.io/v2',
        kind: 'CiliumNetworkPolicy',
        metadata: {
          name: 'edge-gateway-ingress',
          namespace: 'storefront',
          uid: ids.uid('cnp:edge-gateway'),
          creationTimestamp: at(-30000),
          generation: 2,
          labels: { 'backstage.io/kubernetes-id': 'edge-gateway' },
        },
        spec: {
          endpointSelector: {
            matchLabels: { 'app.kubernetes.io/name': 'edge-gateway' },
          },
          ingress: [
            {
              fromEntities: ['world'],
              toPorts: [{ ports: [{ port: '8443', protocol: 'TCP' }] }],
            },
          ],
        },
      });
      break;
    case 'doks':
      ds(
        'kube-system',
        'cilium',
        'ghcr.io/digitalocean-packages/cilium:v1.15.10-conformance-fix',
        { 'app.kubernetes.io/part-of': 'cilium' },
      );
      ds('kube-system', 'csi-do-node', 'digitalocean/do-csi-plugin:v4.13.0');
      ds(
        'kube-system',
        'do-node-agent',
        'docker.io/digitalocean/do-agent:3.17.1',
      );
      out.push(
        namespace(ids, c, 'tekton-pipelines', {
          'app.kubernetes.io/part-of': 'tekton-pipelines',
          'pod-security.kubernetes.io/enforce': 'restricted',
        }),
      );
      dep(
        'tekton-pipelines',
        'tekton-pipelines-controller',
        'ghcr.io/tektoncd/pipeline/controller-10a3e32792f33651396d02b6855a6e36:v0.65.2',
        1,
        {
          'app.kubernetes.io/part-of': 'tekton-pipelines',
          'app.kubernetes.io/version': 'v0.65.2',
        },
      );
      dep(
        'tekton-pipelines',
        'tekton-pipelines-webhook',
        'ghcr.io/tektoncd/pipeline/webhook-d4749e605405422fd87700164e31b2d1:v0.65.2',
        1,
        {
          'app.kubernetes.io/part-of': 'tekton-pipelines',
          'app.kubernetes.io/version': 'v0.65.2',
        },
      );
      out.push(namespace(ids, c, ARGO_NAMESPACE));
      dep(
        ARGO_NAMESPACE,
        'argocd-server',
        'quay.io/argoproj/argocd:v2.13.2',
        2,
        { 'app.kubernetes.io/part-of': 'argocd' },
      );
      dep(
        ARGO_NAMESPACE,
        'argocd-repo-server',
        'quay.io/argoproj/argocd:v2.13.2',
        2,
        { 'app.kubernetes.io/part-of': 'argocd' },
      );
      dep(
        ARGO_NAMESPACE,
        'argocd-applicationset-controller',
        'quay.io/argoproj/argocd:v2.13.2',
        1,
        { 'app.kubernetes.io/part-of': 'argocd' },
      );
      out.push(namespace(ids, c, 'kpack'));
      dep(
        'kpack',
        'kpack-controller',
        `gcr.io/cf-build-service-public/kpack/controller@sha256:${ids.digest(
          'kpack-controller',
        )}`,
        1,
        { 'app.kubernetes.io/part-of': 'kpack' },
      );
      out.push(namespace(ids, c, KPACK_NAMESPACE));
      out.push(
        namespace(ids, c, 'knative-serving', {
          'app.kubernetes.io/name': 'knative-serving',
          'app.kubernetes.io/version': '1.16.0',
        }),
      );
      dep(
        'knative-serving',
        'controller',
        `gcr.io/knative-releases/knative.dev/serving/cmd/controller@sha256:${ids.digest(
          'kn-controller',
        )}`,
        1,
        { 'app.kubernetes.io/part-of': 'knative-serving' },
      );
      dep(
        'knative-serving',
        'activator',
        `gcr.io/knative-releases/knative.dev/serving/cmd/activator@sha256:${ids.digest(
          'kn-activator',
        )}`,
        1,
        { 'app.kubernetes.io/part-of': 'knative-serving' },
      );
      out.push(namespace(ids, c, 'tools'));
      out.push({
        apiVersion: 'serving.knative.dev/v1',
        kind: 'Service',
        metadata: {
          name: 'release-notes',
          namespace: 'tools',
          uid: ids.uid('ksvc:release-notes'),
          creationTimestamp: at(-20000),
          generation: 4,
          labels: { 'app.kubernetes.io/part-of': 'platform' },
        },
        spec: {
          template: {
            metadata: {
              annotations: { 'autoscaling.knative.dev/min-scale': '0' },
            },
            spec: {
              containers: [
                {
                  image: `registry.acme.example/platform/release-notes@sha256:${ids.digest(
                    'release-notes',
                  )}`,
                },
              ],
            },
          },
          traffic: [{ latestRevision: true, percent: 100 }],
        },
        status: {
          observedGeneration: 4,
          url: 'https://release-notes.tools.tools.acme.example',
          latestCreatedRevisionName: 'release-notes-00004',
          latestReadyRevisionName: 'release-notes-00004',
          address: { url: 'http://release-notes.tools.svc.cluster.local' },
          traffic: [
            {
              revisionName: 'release-notes-00004',
              latestRevision: true,
              percent: 100,
            },
          ],
          conditions: ['ConfigurationsReady', 'Ready', 'RoutesReady'].map(
            type => ({ type, status: 'True', lastTransitionTime: at(-19000) }),
          ),
        },
      });
      break;
    default:
      break;
  }
  return out;
}

/** The whole demo world, per cluster, deterministic for a seed. */
export function generateDemoWorld(seed = 'acme-demo'): DemoClusterFiles[] {
  const ids = new DemoIds(seed);
  const all = placements();
  return CLUSTERS.map(c => {
    const nodes = demoNodes(ids, c);
    const files: Record<string, KubeObject[]> = {};
    const mine = all.filter(p => p.cluster === c.name);
    const systemNamespaces = [...new Set(mine.map(p => p.namespace))].sort();
    const istio = c.offering === 'gke';
    files['namespaces.yaml'] = systemNamespaces.map(ns =>
      namespace(ids, c, ns, {
        ...SYSTEM_LABELS(ns.split('-')[0]),
        ...(istio ? { 'istio-injection': 'enabled' } : {}),
        ...(c.offering === 'openshift' ? { 'openshift.io/run-level': '' } : {}),
      }),
    );
    files['nodes.yaml'] = nodes;
    const platform = platformObjects(ids, c, nodes);
    const crdKinds: Array<{ group: string; kind: string }> = [];
    if (c.offering === 'gke')
      crdKinds.push(
        { group: 'networking.istio.io', kind: 'VirtualService' },
        { group: 'networking.istio.io', kind: 'DestinationRule' },
        { group: 'networking.istio.io', kind: 'Gateway' },
      );
    if (c.offering === 'aks')
      crdKinds.push({ group: 'jenkins.io', kind: 'PipelineActivity' });
    if (c.offering === 'openshift')
      crdKinds.push(
        { group: 'operators.coreos.com', kind: 'ClusterServiceVersion' },
        { group: 'operators.coreos.com', kind: 'Subscription' },
      );
    if (c.offering === 'k3s')
      crdKinds.push(
        { group: 'cilium.io', kind: 'CiliumNetworkPolicy' },
        { group: 'cilium.io', kind: 'CiliumNode' },
        { group: 'cilium.io', kind: 'CiliumEndpoint' },
      );
    if (c.offering === 'doks') {
      crdKinds.push(
        { group: 'tekton.dev', kind: 'PipelineRun' },
        { group: 'tekton.dev', kind: 'TaskRun' },
        { group: 'tekton.dev', kind: 'Pipeline' },
        { group: 'tekton.dev', kind: 'Task' },
        { group: 'argoproj.io', kind: 'Application' },
        { group: 'argoproj.io', kind: 'AppProject' },
        { group: 'argoproj.io', kind: 'ApplicationSet' },
        { group: 'kpack.io', kind: 'Image' },
        { group: 'kpack.io', kind: 'Build' },
        { group: 'kpack.io', kind: 'ClusterBuilder' },
        { group: 'kpack.io', kind: 'ClusterStack' },
        { group: 'serving.knative.dev', kind: 'Service' },
        { group: 'serving.knative.dev', kind: 'Revision' },
        { group: 'serving.knative.dev', kind: 'Route' },
        { group: 'serving.knative.dev', kind: 'Configuration' },
      );
    }
    if (crdKinds.length) files['crds.yaml'] = crds(ids, crdKinds);
    files['platform.yaml'] = platform;
    for (const ns of systemNamespaces) {
      const ctx: WorkloadContext = { ids, cluster: c, nodes, istio };
      files[`${ns}.yaml`] = mine
        .filter(p => p.namespace === ns)
        .flatMap(p => demoWorkload(ctx, p));
    }
    let apiResources: ApiResourceSpec[] | undefined;
    if (c.offering === 'gke') {
      apiResources = [
        {
          group: 'networking.gke.io',
          version: 'v1',
          kind: 'ManagedCertificate',
          plural: 'managedcertificates',
          namespaced: true,
          shortNames: ['mcrt'],
        },
        {
          group: 'networking.gke.io',
          version: 'v1',
          kind: 'FrontendConfig',
          plural: 'frontendconfigs',
          namespaced: true,
        },
      ];
    }
    if (c.offering === 'aks') {
      files['jenkins-x.yaml'] = pipelineActivities(
        ids,
        SERVICES.find(s => s.ci === 'jenkins-x')!,
      );
    }
    if (c.offering === 'openshift') {
      apiResources = [
        {
          group: 'route.openshift.io',
          version: 'v1',
          kind: 'Route',
          plural: 'routes',
          namespaced: true,
        },
        {
          group: 'config.openshift.io',
          version: 'v1',
          kind: 'ClusterVersion',
          plural: 'clusterversions',
          namespaced: false,
        },
        {
          group: 'config.openshift.io',
          version: 'v1',
          kind: 'Infrastructure',
          plural: 'infrastructures',
          namespaced: false,
        },
        {
          group: 'config.openshift.io',
          version: 'v1',
          kind: 'Console',
          plural: 'consoles',
          namespaced: false,
        },
        {
          group: 'security.openshift.io',
          version: 'v1',
          kind: 'SecurityContextConstraints',
          plural: 'securitycontextconstraints',
          namespaced: false,
          shortNames: ['scc'],
        },
      ];
      files['routes.yaml'] = mine
        .filter(p => p.service.name !== 'cart-service')
        .map(p => ({
          apiVersion: 'route.openshift.io/v1',
          kind: 'Route',
          metadata: {
            name: p.service.name,
            namespace: p.namespace,
            uid: ids.uid(`route:${p.service.name}`),
            creationTimestamp: at(-30000),
            labels: { 'backstage.io/kubernetes-id': p.service.name },
          },
          spec: {
            host: `${p.service.name}-${p.namespace}.apps.openshift-dev.acme.example`,
            to: { kind: 'Service', name: p.service.name, weight: 100 },
            port: { targetPort: 'http' },
            tls: { termination: 'edge' },
            wildcardPolicy: 'None',
          },
          status: {
            ingress: [
              {
                host: `${p.service.name}-${p.namespace}.apps.openshift-dev.acme.example`,
                routerName: 'default',
                conditions: [
                  {
                    type: 'Admitted',
                    status: 'True',
                    lastTransitionTime: at(-30000),
                  },
                ],
                wildcardPolicy: 'None',
              },
            ],
          },
        }));
    }
    if (c.offering === 'doks') {
      const tekton = SERVICES.filter(s => s.ci === 'tekton');
      const ciNs = namespace(ids, c, CI_NAMESPACE, {
        'app.kubernetes.io/part-of': 'tekton-pipelines',
      });
      const runs: KubeObject[] = [];
      const taskRuns: KubeObject[] = [];
      const pods: KubeObject[] = [];
      for (const s of tekton) {
        for (const b of demoBuilds(ids, s)) {
          const latest = b.number === s.latestBuild;
          const r = tektonRun(ids, b, progressOf(b), { withPods: latest });
          runs.push(r.pipelineRun);
          taskRuns.push(...r.taskRuns);
          pods.push(...r.pods);
        }
      }
      files['tekton.yaml'] = [ciNs, ...tektonDefinitions(ids, tekton), ...runs];
      files['tekton-taskruns.yaml'] = taskRuns;
      files['tekton-pods.yaml'] = pods;
      files['argocd.yaml'] = [
        ...argoProjects(ids),
        ...all.filter(p => p.argoApp).map(p => argoApplication(ids, p)),
      ];
      files['kpack.yaml'] = kpackObjects(
        ids,
        SERVICES.find(s => s.ci === 'kpack')!,
      );
    }
    return {
      name: c.name,
      cluster: {
        gitVersion: c.gitVersion,
        token: `kube-sim-demo-${c.name}`,
        ...(apiResources ? { apiResources } : {}),
      },
      files,
    };
  });
}
