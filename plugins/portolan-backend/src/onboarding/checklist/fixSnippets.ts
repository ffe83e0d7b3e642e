/*
 * The YAML (or shell) a team adds to meet a step, written with the
 * service's own values. Objects are built as data and serialised, so every
 * snippet parses; a leading comment says where it goes.
 */
import type { OnboardingFix } from '@portolan/plugin-portolan-common';
import { stringify } from 'yaml';
import type { ServiceValues } from './serviceValues';

function yamlFix(why: string, file: string, value: unknown, note?: string) {
  const body = stringify(value, { lineWidth: 0 }).trimEnd();
  return {
    why,
    file,
    snippet: note ? `# ${note}\n${body}` : body,
    language: 'yaml' as const,
  } satisfies OnboardingFix;
}

/** The labels workloads need for the entity's selector to find them. */
export function workloadLabels(v: ServiceValues): Record<string, string> {
  return v.requiredLabels ?? { 'backstage.io/kubernetes-id': v.kubernetesId };
}

/** `spec.owner` in catalog-info.yaml. */
export function ownerFix(why: string, suggestedOwner?: string): OnboardingFix {
  return yamlFix(
    why,
    'catalog-info.yaml',
    { spec: { owner: suggestedOwner ?? 'group:default/<your-team>' } },
    suggestedOwner
      ? `${suggestedOwner} owns this service's system`
      : 'the team that answers for this service',
  );
}

/** Labels on a Deployment and its pod template. */
export function workloadLabelsFix(
  v: ServiceValues,
  why: string,
): OnboardingFix {
  const labels = workloadLabels(v);
  return yamlFix(
    why,
    'deploy/prod/deployment.yaml',
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: v.name, namespace: v.namespace, labels },
      spec: { template: { metadata: { labels } } },
    },
    `merge into the Deployment (or StatefulSet) of ${v.name}; the pod template labels are what pods carry`,
  );
}

/** A TriggerTemplate whose PipelineRuns carry the entity's label and the repository. */
export function pipelineRunLabelsFix(
  v: ServiceValues,
  why: string,
): OnboardingFix {
  const pipeline = `${v.name}-build`;
  return yamlFix(
    why,
    '.tekton/triggers.yaml',
    {
      apiVersion: 'triggers.tekton.dev/v1beta1',
      kind: 'TriggerTemplate',
      metadata: { name: pipeline, namespace: v.conventions.ciNamespace },
      spec: {
        params: [{ name: 'git-url' }, { name: 'git-revision' }],
        resourcetemplates: [
          {
            apiVersion: 'tekton.dev/v1',
            kind: 'PipelineRun',
            metadata: {
              generateName: `${pipeline}-`,
              labels: {
                ...workloadLabels(v),
                'tekton.dev/pipeline': pipeline,
              },
            },
            spec: {
              pipelineRef: { name: pipeline },
              params: [
                { name: 'git-url', value: '$(tt.params.git-url)' },
                { name: 'git-revision', value: '$(tt.params.git-revision)' },
              ],
            },
          },
        ],
      },
    },
    `every PipelineRun of ${pipeline} is labelled so Portolan finds it${
      v.repositoryUrl
        ? ` (it also matches runs whose git-url is ${v.repositoryUrl})`
        : ''
    }`,
  );
}

/** A buildpacks build that reports IMAGE_URL/IMAGE_DIGEST (Tekton), or a kpack Image. */
export function buildpacksBuildFix(
  v: ServiceValues,
  why: string,
  kind: 'tekton' | 'kpack',
): OnboardingFix {
  if (kind === 'kpack') {
    return yamlFix(
      why,
      'kpack/image.yaml',
      {
        apiVersion: 'kpack.io/v1alpha2',
        kind: 'Image',
        metadata: {
          name: v.name,
          namespace: v.conventions.ciNamespace,
          labels: workloadLabels(v),
        },
        spec: {
          tag: v.imageRepository,
          serviceAccountName: 'kpack-builder',
          builder: { kind: 'ClusterBuilder', name: 'default' },
          source: {
            git: {
              url: v.repositoryUrl ?? `https://github.com/<owner>/${v.name}`,
              revision: 'main',
            },
          },
        },
      },
      'kpack builds with Cloud Native Buildpacks and rebuilds when the source, buildpacks or stack change',
    );
  }
  return yamlFix(
    why,
    '.tekton/pipeline.yaml',
    {
      apiVersion: 'tekton.dev/v1',
      kind: 'Pipeline',
      metadata: {
        name: `${v.name}-build`,
        namespace: v.conventions.ciNamespace,
      },
      spec: {
        results: [
          {
            name: 'IMAGE_URL',
            value: '$(tasks.build-image.results.APP_IMAGE_URL)',
          },
          {
            name: 'IMAGE_DIGEST',
            value: '$(tasks.build-image.results.APP_IMAGE_DIGEST)',
          },
        ],
        tasks: [
          {
            name: 'build-image',
            runAfter: ['fetch-source'],
            taskRef: {
              resolver: 'hub',
              params: [
                { name: 'kind', value: 'task' },
                { name: 'name', value: 'buildpacks' },
                { name: 'version', value: '0.7' },
              ],
            },
            params: [
              { name: 'APP_IMAGE', value: v.imageRepository },
              { name: 'BUILDER_IMAGE', value: v.conventions.builderImage },
            ],
            workspaces: [{ name: 'source', workspace: 'source' }],
          },
        ],
      },
    },
    'merge into the Pipeline: build with Cloud Native Buildpacks and report the image as IMAGE_URL/IMAGE_DIGEST',
  );
}

/** The Deployment's container image pinned to the latest built digest. */
export function rolloutFix(
  v: ServiceValues,
  why: string,
  reference: string,
  container = v.name,
): OnboardingFix {
  return yamlFix(
    why,
    'deploy/prod/deployment.yaml',
    {
      spec: {
        template: {
          spec: { containers: [{ name: container, image: reference }] },
        },
      },
    },
    'roll the latest build out: pin the image to its digest and let Argo CD sync it',
  );
}

/** Rebase a buildpacks image onto the current run image. */
export function rebaseFix(
  v: ServiceValues,
  why: string,
  reference: string,
  kpack: boolean,
): OnboardingFix {
  return {
    why,
    file: kpack ? 'kpack' : 'the build pipeline',
    language: 'shell',
    snippet: kpack
      ? `# kpack rebases on its own once the ClusterStack points at the new run image;\n# to force a new build now:\nkp image trigger ${v.name} --namespace ${v.conventions.ciNamespace}`
      : `# swap the OS layers for the current run image without rebuilding the app\npack rebase ${reference}`,
  };
}

/** The catalog annotation naming the Argo CD applications, and one Application. */
export function argoApplicationFix(
  v: ServiceValues,
  why: string,
): OnboardingFix {
  const app = v.argoAppNames[0];
  const fix = yamlFix(
    why,
    `argocd/${app}.yaml`,
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: {
        name: app,
        namespace: v.conventions.argocdNamespace,
        labels: workloadLabels(v),
      },
      spec: {
        project: v.conventions.argocdProject ?? v.system ?? 'default',
        source: {
          repoURL: v.repositoryUrl
            ? `${v.repositoryUrl}.git`
            : `https://github.com/<owner>/${v.name}.git`,
          targetRevision: 'main',
          path: 'deploy/prod',
        },
        destination: { name: '<cluster>', namespace: v.namespace },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    },
    `and in catalog-info.yaml: metadata.annotations["argocd/app-name"]: ${v.argoAppNames.join(
      ',',
    )}`,
  );
  return fix;
}

/** Automated sync for an application that drifts from git. */
export function argoSyncPolicyFix(
  why: string,
  application: string,
): OnboardingFix {
  return yamlFix(
    why,
    `argocd/${application}.yaml`,
    { spec: { syncPolicy: { automated: { prune: true, selfHeal: true } } } },
    `merge into Application ${application}: Argo CD then syncs every change in git on its own`,
  );
}

/** A shell command to see why an application is unhealthy. */
export function argoHealthFix(
  why: string,
  application: string,
  namespace: string,
): OnboardingFix {
  return {
    why,
    file: `Application ${application}`,
    language: 'shell',
    snippet: `argocd app get ${application} --app-namespace ${namespace} --show-operation\nargocd app resources ${application} --app-namespace ${namespace} --orphaned=false`,
  };
}

/** RBAC letting Portolan's service account read pod logs. */
export function logsRbacFix(why: string, cluster: string): OnboardingFix {
  return yamlFix(
    why,
    `cluster ${cluster}: RBAC for Portolan's service account`,
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'portolan-read-pod-logs' },
      rules: [{ apiGroups: [''], resources: ['pods/log'], verbs: ['get'] }],
    },
    'bind it to the service account Portolan watches with (ClusterRoleBinding)',
  );
}

/** Group membership that lets a user read the owning team's logs. */
export function logsMembershipFix(
  v: ServiceValues,
  why: string,
): OnboardingFix {
  return yamlFix(
    why,
    'your User entity (org.yaml)',
    { spec: { memberOf: [v.owner ?? 'group:default/<owning-team>'] } },
    'pod and step logs are for the owning team',
  );
}
