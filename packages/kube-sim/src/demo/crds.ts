import type { KubeObject } from '../types';
import { at, type DemoIds } from './DemoIds';
import type { PrinterColumn } from '../resources/ResourceType';
import { KNOWN_CUSTOM_RESOURCES } from '../resources/builtinResources';

const SUCCEEDED = (kind: string): PrinterColumn[] =>
  [
    {
      name: 'Succeeded',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Succeeded")].status',
    },
    {
      name: 'Reason',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Succeeded")].reason',
    },
    { name: 'StartTime', type: 'date', jsonPath: '.status.startTime' },
    {
      name: 'CompletionTime',
      type: 'date',
      jsonPath: '.status.completionTime',
    },
  ].map(c => ({
    ...c,
    description: c.name === 'Succeeded' ? `Whether the ${kind} succeeded` : '',
  }));

/** additionalPrinterColumns of the upstream CRDs (tekton 300-*.yaml, argo-cd manifests/crds, ...). */
const PRINTER_COLUMNS: Record<string, PrinterColumn[]> = {
  'tekton.dev/PipelineRun': SUCCEEDED('PipelineRun'),
  'tekton.dev/TaskRun': SUCCEEDED('TaskRun'),
  'argoproj.io/Application': [
    { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
    {
      name: 'Health Status',
      type: 'string',
      jsonPath: '.status.health.status',
    },
    {
      name: 'Revision',
      type: 'string',
      jsonPath: '.status.sync.revision',
      priority: 10,
    },
    {
      name: 'Project',
      type: 'string',
      jsonPath: '.spec.project',
      priority: 10,
    },
  ],
  'jenkins.io/PipelineActivity': [
    {
      name: 'Git URL',
      type: 'string',
      jsonPath: '.spec.gitUrl',
      description: 'The URL of the Git repository',
    },
    {
      name: 'Status',
      type: 'string',
      jsonPath: '.spec.status',
      description: 'The status of the pipeline',
    },
  ],
  'kpack.io/Image': [
    { name: 'LatestImage', type: 'string', jsonPath: '.status.latestImage' },
    {
      name: 'Ready',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Ready")].status',
    },
  ],
  'kpack.io/Build': [
    { name: 'Image', type: 'string', jsonPath: '.status.latestImage' },
    {
      name: 'Succeeded',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Succeeded")].status',
    },
  ],
  'operators.coreos.com/ClusterServiceVersion': [
    {
      name: 'Display',
      type: 'string',
      jsonPath: '.spec.displayName',
      description: 'The name of the CSV',
    },
    {
      name: 'Version',
      type: 'string',
      jsonPath: '.spec.version',
      description: 'The version of the CSV',
    },
    {
      name: 'Replaces',
      type: 'string',
      jsonPath: '.spec.replaces',
      description: 'The name of a CSV that this one replaces',
    },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  ],
  'serving.knative.dev/Service': [
    { name: 'URL', type: 'string', jsonPath: '.status.url' },
    {
      name: 'LatestCreated',
      type: 'string',
      jsonPath: '.status.latestCreatedRevisionName',
    },
    {
      name: 'LatestReady',
      type: 'string',
      jsonPath: '.status.latestReadyRevisionName',
    },
    {
      name: 'Ready',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Ready")].status',
    },
    {
      name: 'Reason',
      type: 'string',
      jsonPath: '.status.conditions[?(@.type=="Ready")].reason',
    },
  ],
};

const AGE: PrinterColumn = {
  name: 'Age',
  type: 'date',
  jsonPath: '.metadata.creationTimestamp',
};

/**
 * CustomResourceDefinitions for kinds kube-sim knows from upstream, with a
 * permissive schema (`x-kubernetes-preserve-unknown-fields`).
 */
export function crds(
  ids: DemoIds,
  kinds: Array<{ group: string; kind: string }>,
): KubeObject[] {
  return kinds.map(({ group, kind }) => {
    const def = KNOWN_CUSTOM_RESOURCES.find(
      d => d.group === group && d.kind === kind,
    );
    if (!def) throw new Error(`no known CRD for ${group}/${kind}`);
    const cols = PRINTER_COLUMNS[`${group}/${kind}`];
    return {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: {
        name: `${def.plural}.${group}`,
        uid: ids.uid(`crd:${def.plural}.${group}`),
        creationTimestamp: at(-100000),
        generation: 1,
        labels: { 'app.kubernetes.io/part-of': group.split('.')[0] },
      },
      spec: {
        group,
        names: {
          kind,
          listKind: `${kind}List`,
          plural: def.plural,
          singular: def.singular,
          ...(def.shortNames?.length ? { shortNames: def.shortNames } : {}),
          ...(def.categories?.length ? { categories: def.categories } : {}),
        },
        scope: def.namespaced ? 'Namespaced' : 'Cluster',
        versions: [
          {
            name: def.version,
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                'x-kubernetes-preserve-unknown-fields': true,
              },
            },
            ...(def.status ? { subresources: { status: {} } } : {}),
            ...(cols ? { additionalPrinterColumns: [...cols, AGE] } : {}),
          },
        ],
        conversion: { strategy: 'None' },
      },
      status: {
        acceptedNames: {
          kind,
          listKind: `${kind}List`,
          plural: def.plural,
          singular: def.singular,
          ...(def.shortNames?.length ? { shortNames: def.shortNames } : {}),
        },
        conditions: [
          {
            type: 'NamesAccepted',
            status: 'True',
            lastTransitionTime: at(-100000),
            reason: 'NoConflicts',
            message: 'no conflicts found',
          },
          {
            type: 'Established',
            status: 'True',
            lastTransitionTime: at(-100000),
            reason: 'InitialNamesAccepted',
            message: 'the initial names have been accepted',
          },
        ],
        storedVersions: [def.version],
      },
    };
  });
}
