/*
 * Test-only: zod schemas of the kinds the "New service on Kubernetes"
 * template generates, written from the upstream Go types (tektoncd/pipeline
 * `pkg/apis/pipeline/v1`, tektoncd/triggers `pkg/apis/triggers/v1beta1`,
 * kpack `pkg/apis/build/v1alpha2`, argo-cd `pkg/apis/application/v1alpha1`,
 * Kubernetes `apps/v1` and `core/v1`). Objects are strict where the template
 * writes them, so a misspelt field fails, and cross-references (runAfter,
 * `$(params.x)`, `$(tasks.x.results.y)`, `$(tt.params.x)`, selector vs pod
 * labels) are checked. The catalog entity is checked by catalog-model's own
 * validators.
 */
import { toError } from '@backstage/errors';
import {
  DefaultNamespaceEntityPolicy,
  type Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { z } from 'zod';

// ---- Kubernetes basics (apimachinery validation) -------------------------

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const dnsLabel = z.string().max(63).regex(DNS_LABEL, 'not a DNS-1123 label');
const dnsSubdomain = z
  .string()
  .max(253)
  .regex(DNS_SUBDOMAIN, 'not a DNS-1123 subdomain');

function validLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  return (
    (prefix === undefined ||
      (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix))) &&
    name.length <= 63 &&
    LABEL_NAME.test(name)
  );
}

const labels = z.record(z.string()).superRefine((value, ctx) => {
  for (const [k, v] of Object.entries(value)) {
    if (!validLabelKey(k)) {
      ctx.addIssue({ code: 'custom', message: `invalid label key ${k}` });
    }
    if (v !== '' && (v.length > 63 || !LABEL_NAME.test(v))) {
      ctx.addIssue({
        code: 'custom',
        message: `invalid label value ${k}=${v}`,
      });
    }
  }
});

const annotations = z.record(z.string()).superRefine((value, ctx) => {
  for (const k of Object.keys(value)) {
    if (!validLabelKey(k)) {
      ctx.addIssue({ code: 'custom', message: `invalid annotation key ${k}` });
    }
  }
});

/** `metadata` of a namespaced object as written in a manifest. */
const objectMeta = z
  .object({
    name: dnsSubdomain.optional(),
    generateName: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.]*)?$/)
      .optional(),
    namespace: dnsLabel.optional(),
    labels: labels.optional(),
    annotations: annotations.optional(),
    finalizers: z.array(z.string()).optional(),
  })
  .strict()
  .refine(m => m.name || m.generateName, 'name or generateName is required');

const namedMeta = objectMeta.refine(m => m.name, 'name is required');

const quantity = z.union([
  z.string().regex(/^[+-]?\d+(\.\d+)?([eE][+-]?\d+|[KMGTPE]i?|[mu]|n)?$/),
  z.number(),
]);
const resources = z
  .object({
    requests: z.record(quantity).optional(),
    limits: z.record(quantity).optional(),
  })
  .strict();
const intOrString = z.union([z.number().int(), z.string().min(1)]);

const envVar = z
  .object({
    name: z.string().min(1),
    // EnvVar.Value is a string: `value: 8080` is a classic mistake.
    value: z.string().optional(),
    valueFrom: z.record(z.unknown()).optional(),
  })
  .strict();

const probe = z
  .object({
    httpGet: z
      .object({
        path: z.string().optional(),
        port: intOrString,
        scheme: z.string().optional(),
      })
      .strict()
      .optional(),
    tcpSocket: z.object({ port: intOrString }).strict().optional(),
    exec: z
      .object({ command: z.array(z.string()) })
      .strict()
      .optional(),
    grpc: z
      .object({ port: z.number().int(), service: z.string().optional() })
      .strict()
      .optional(),
    initialDelaySeconds: z.number().int().nonnegative().optional(),
    periodSeconds: z.number().int().positive().optional(),
    timeoutSeconds: z.number().int().positive().optional(),
    successThreshold: z.number().int().positive().optional(),
    failureThreshold: z.number().int().positive().optional(),
  })
  .strict()
  .refine(
    p => [p.httpGet, p.tcpSocket, p.exec, p.grpc].filter(Boolean).length === 1,
    'a probe needs exactly one handler',
  );

const container = z
  .object({
    name: dnsLabel,
    image: z.string().min(1),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    workingDir: z.string().optional(),
    ports: z
      .array(
        z
          .object({
            name: z
              .string()
              .max(15)
              .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
              .optional(),
            containerPort: z.number().int().min(1).max(65535),
            protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
            hostPort: z.number().int().optional(),
          })
          .strict(),
      )
      .optional(),
    env: z.array(envVar).optional(),
    envFrom: z.array(z.record(z.unknown())).optional(),
    resources: resources.optional(),
    volumeMounts: z.array(z.record(z.unknown())).optional(),
    livenessProbe: probe.optional(),
    readinessProbe: probe.optional(),
    startupProbe: probe.optional(),
    lifecycle: z.record(z.unknown()).optional(),
    imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
    securityContext: z.record(z.unknown()).optional(),
  })
  .strict();

const podSpec = z
  .object({
    containers: z.array(container).min(1),
    initContainers: z.array(container).optional(),
    serviceAccountName: dnsSubdomain.optional(),
    automountServiceAccountToken: z.boolean().optional(),
    volumes: z.array(z.record(z.unknown())).optional(),
    nodeSelector: z.record(z.string()).optional(),
    affinity: z.record(z.unknown()).optional(),
    tolerations: z.array(z.record(z.unknown())).optional(),
    topologySpreadConstraints: z.array(z.record(z.unknown())).optional(),
    securityContext: z.record(z.unknown()).optional(),
    imagePullSecrets: z
      .array(z.object({ name: z.string() }).strict())
      .optional(),
    restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).optional(),
    terminationGracePeriodSeconds: z.number().int().nonnegative().optional(),
    runtimeClassName: z.string().optional(),
    priorityClassName: z.string().optional(),
    dnsPolicy: z.string().optional(),
    hostNetwork: z.boolean().optional(),
  })
  .strict();

const labelSelector = z
  .object({
    matchLabels: labels.optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string(),
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: z.array(z.string()).optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

/** apps/v1 Deployment. */
export const DeploymentSchema = z
  .object({
    apiVersion: z.literal('apps/v1'),
    kind: z.literal('Deployment'),
    metadata: namedMeta,
    spec: z
      .object({
        replicas: z.number().int().nonnegative().optional(),
        selector: labelSelector,
        template: z
          .object({
            metadata: z
              .object({
                labels: labels.optional(),
                annotations: annotations.optional(),
              })
              .strict(),
            spec: podSpec,
          })
          .strict(),
        strategy: z.record(z.unknown()).optional(),
        revisionHistoryLimit: z.number().int().nonnegative().optional(),
        minReadySeconds: z.number().int().nonnegative().optional(),
        progressDeadlineSeconds: z.number().int().positive().optional(),
        paused: z.boolean().optional(),
      })
      .strict()
      .refine(
        spec =>
          Object.entries(spec.selector.matchLabels ?? {}).every(
            ([k, v]) => spec.template.metadata.labels?.[k] === v,
          ),
        'selector.matchLabels must match the pod template labels',
      ),
  })
  .strict();

/** core/v1 Service. */
export const ServiceSchema = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('Service'),
    metadata: namedMeta,
    spec: z
      .object({
        type: z
          .enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'])
          .optional(),
        selector: z.record(z.string()).optional(),
        ports: z
          .array(
            z
              .object({
                name: z.string().optional(),
                port: z.number().int().min(1).max(65535),
                targetPort: intOrString.optional(),
                protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
                nodePort: z.number().int().optional(),
                appProtocol: z.string().optional(),
              })
              .strict(),
          )
          .optional(),
        clusterIP: z.string().optional(),
        sessionAffinity: z.enum(['None', 'ClientIP']).optional(),
        externalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
        internalTrafficPolicy: z.enum(['Cluster', 'Local']).optional(),
        ipFamilyPolicy: z.string().optional(),
      })
      .strict(),
  })
  .strict();

/** core/v1 ServiceAccount. */
export const ServiceAccountSchema = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('ServiceAccount'),
    metadata: namedMeta,
    automountServiceAccountToken: z.boolean().optional(),
    imagePullSecrets: z
      .array(z.object({ name: z.string() }).strict())
      .optional(),
  })
  .strict();

// ---- Tekton Pipelines v1 ---------------------------------------------------

const paramValue = z.union([
  z.string(),
  z.array(z.string()),
  z.record(z.string()),
]);
const param = z.object({ name: z.string().min(1), value: paramValue }).strict();
const paramSpec = z
  .object({
    name: z.string().min(1),
    type: z.enum(['string', 'array', 'object']).optional(),
    description: z.string().optional(),
    default: paramValue.optional(),
    properties: z.record(z.object({ type: z.string() })).optional(),
    enum: z.array(z.string()).optional(),
  })
  .strict();
const refWithResolver = z
  .object({
    name: z.string().optional(),
    kind: z.string().optional(),
    apiVersion: z.string().optional(),
    resolver: z.string().optional(),
    params: z.array(param).optional(),
  })
  .strict()
  .refine(r => r.name || r.resolver, 'a ref needs a name or a resolver');

const pipelineTask = z
  .object({
    name: dnsLabel,
    displayName: z.string().optional(),
    description: z.string().optional(),
    taskRef: refWithResolver.optional(),
    taskSpec: z.record(z.unknown()).optional(),
    when: z.array(z.record(z.unknown())).optional(),
    retries: z.number().int().nonnegative().optional(),
    runAfter: z.array(z.string()).optional(),
    params: z.array(param).optional(),
    matrix: z.record(z.unknown()).optional(),
    workspaces: z
      .array(
        z
          .object({
            name: z.string(),
            workspace: z.string().optional(),
            subPath: z.string().optional(),
          })
          .strict(),
      )
      .optional(),
    timeout: z.string().optional(),
  })
  .strict()
  .refine(
    t => Boolean(t.taskRef) !== Boolean(t.taskSpec),
    'exactly one of taskRef or taskSpec',
  );

/** Every `$(prefix.name…)` reference in a value. */
function references(value: unknown, prefix: string): string[] {
  const text = JSON.stringify(value);
  const found: string[] = [];
  const re = new RegExp(
    `\\$\\(${prefix.replace('.', '\\.')}\\.([A-Za-z0-9_-]+)`,
    'g',
  );
  for (let m = re.exec(text); m; m = re.exec(text)) found.push(m[1]);
  return found;
}

const pipelineSpec = z
  .object({
    description: z.string().optional(),
    displayName: z.string().optional(),
    params: z.array(paramSpec).optional(),
    workspaces: z
      .array(
        z
          .object({
            name: z.string(),
            description: z.string().optional(),
            optional: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    results: z
      .array(
        z
          .object({
            name: z.string(),
            type: z.enum(['string', 'array', 'object']).optional(),
            description: z.string().optional(),
            value: paramValue,
          })
          .strict(),
      )
      .optional(),
    tasks: z.array(pipelineTask).min(1),
    finally: z.array(pipelineTask).optional(),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const tasks = new Set(spec.tasks.map(t => t.name));
    const params = new Set((spec.params ?? []).map(p => p.name));
    const workspaces = new Set((spec.workspaces ?? []).map(w => w.name));
    for (const task of [...spec.tasks, ...(spec.finally ?? [])]) {
      for (const after of task.runAfter ?? []) {
        if (!tasks.has(after)) {
          ctx.addIssue({
            code: 'custom',
            message: `${task.name} runs after unknown task ${after}`,
          });
        }
      }
      for (const w of task.workspaces ?? []) {
        if (w.workspace && !workspaces.has(w.workspace)) {
          ctx.addIssue({
            code: 'custom',
            message: `${task.name} binds undeclared workspace ${w.workspace}`,
          });
        }
      }
    }
    for (const name of references(spec.tasks, 'params')) {
      if (!params.has(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `$(params.${name}) is not a declared param`,
        });
      }
    }
    for (const name of references(spec.results, 'tasks')) {
      if (!tasks.has(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `a result refers to unknown task ${name}`,
        });
      }
    }
  });

/** tekton.dev/v1 Pipeline. */
export const PipelineSchema = z
  .object({
    apiVersion: z.literal('tekton.dev/v1'),
    kind: z.literal('Pipeline'),
    metadata: namedMeta,
    spec: pipelineSpec,
  })
  .strict();

const workspaceBinding = z
  .object({
    name: z.string(),
    subPath: z.string().optional(),
    volumeClaimTemplate: z
      .object({
        metadata: z.record(z.unknown()).optional(),
        spec: z
          .object({
            accessModes: z.array(
              z.enum([
                'ReadWriteOnce',
                'ReadOnlyMany',
                'ReadWriteMany',
                'ReadWriteOncePod',
              ]),
            ),
            resources: resources,
            storageClassName: z.string().optional(),
          })
          .strict(),
      })
      .strict()
      .optional(),
    persistentVolumeClaim: z
      .object({ claimName: z.string() })
      .strict()
      .optional(),
    emptyDir: z.record(z.unknown()).optional(),
    configMap: z.record(z.unknown()).optional(),
    secret: z.record(z.unknown()).optional(),
    projected: z.record(z.unknown()).optional(),
    csi: z.record(z.unknown()).optional(),
  })
  .strict();

/** tekton.dev/v1 PipelineRun (as a TriggerTemplate creates it). */
export const PipelineRunSchema = z
  .object({
    apiVersion: z.literal('tekton.dev/v1'),
    kind: z.literal('PipelineRun'),
    metadata: objectMeta,
    spec: z
      .object({
        pipelineRef: refWithResolver.optional(),
        pipelineSpec: pipelineSpec.optional(),
        params: z.array(param).optional(),
        status: z
          .enum([
            'Cancelled',
            'CancelledRunFinally',
            'StoppedRunFinally',
            'PipelineRunPending',
          ])
          .optional(),
        timeouts: z
          .object({
            pipeline: z.string().optional(),
            tasks: z.string().optional(),
            finally: z.string().optional(),
          })
          .strict()
          .optional(),
        taskRunTemplate: z
          .object({
            serviceAccountName: z.string().optional(),
            podTemplate: z.record(z.unknown()).optional(),
          })
          .strict()
          .optional(),
        workspaces: z.array(workspaceBinding).optional(),
        taskRunSpecs: z.array(z.record(z.unknown())).optional(),
      })
      .strict()
      .refine(
        s => Boolean(s.pipelineRef) !== Boolean(s.pipelineSpec),
        'exactly one of pipelineRef or pipelineSpec',
      ),
  })
  .strict();

// ---- Tekton Triggers v1beta1 -----------------------------------------------

/** triggers.tekton.dev/v1beta1 TriggerBinding. */
export const TriggerBindingSchema = z
  .object({
    apiVersion: z.literal('triggers.tekton.dev/v1beta1'),
    kind: z.literal('TriggerBinding'),
    metadata: namedMeta,
    spec: z
      .object({
        params: z.array(
          z.object({ name: z.string(), value: z.string() }).strict(),
        ),
      })
      .strict(),
  })
  .strict();

/** triggers.tekton.dev/v1beta1 TriggerTemplate; its PipelineRuns are validated too. */
export const TriggerTemplateSchema = z
  .object({
    apiVersion: z.literal('triggers.tekton.dev/v1beta1'),
    kind: z.literal('TriggerTemplate'),
    metadata: namedMeta,
    spec: z
      .object({
        params: z
          .array(
            z
              .object({
                name: z.string(),
                description: z.string().optional(),
                default: z.string().optional(),
              })
              .strict(),
          )
          .optional(),
        resourcetemplates: z.array(PipelineRunSchema).min(1),
      })
      .strict()
      .superRefine((spec, ctx) => {
        const params = new Set((spec.params ?? []).map(p => p.name));
        for (const name of references(spec.resourcetemplates, 'tt.params')) {
          if (!params.has(name)) {
            ctx.addIssue({
              code: 'custom',
              message: `$(tt.params.${name}) is not a declared param`,
            });
          }
        }
      }),
  })
  .strict();

const interceptor = z
  .object({
    name: z.string().optional(),
    ref: z
      .object({
        name: z.string().min(1),
        kind: z
          .enum(['ClusterInterceptor', 'NamespacedInterceptor'])
          .optional(),
        apiVersion: z.string().optional(),
      })
      .strict(),
    params: z
      .array(z.object({ name: z.string(), value: z.unknown() }).strict())
      .optional(),
    webhook: z.record(z.unknown()).optional(),
  })
  .strict();

/** triggers.tekton.dev/v1beta1 EventListener. */
export const EventListenerSchema = z
  .object({
    apiVersion: z.literal('triggers.tekton.dev/v1beta1'),
    kind: z.literal('EventListener'),
    metadata: namedMeta,
    spec: z
      .object({
        serviceAccountName: z.string().optional(),
        triggers: z
          .array(
            z
              .object({
                name: z.string().optional(),
                bindings: z
                  .array(
                    z
                      .object({
                        ref: z.string().optional(),
                        kind: z
                          .enum(['TriggerBinding', 'ClusterTriggerBinding'])
                          .optional(),
                        name: z.string().optional(),
                        value: z.string().optional(),
                        apiversion: z.string().optional(),
                      })
                      .strict()
                      .refine(
                        b => Boolean(b.ref) !== Boolean(b.name),
                        'a binding has a ref or a name/value',
                      ),
                  )
                  .optional(),
                template: z
                  .object({
                    ref: z.string().optional(),
                    apiversion: z.string().optional(),
                    spec: z.record(z.unknown()).optional(),
                  })
                  .strict()
                  .optional(),
                triggerRef: z.string().optional(),
                interceptors: z.array(interceptor).optional(),
                serviceAccountName: z.string().optional(),
              })
              .strict()
              .refine(
                t => Boolean(t.triggerRef) !== Boolean(t.template),
                'a trigger has a template or a triggerRef',
              ),
          )
          .optional(),
        triggerGroups: z.array(z.record(z.unknown())).optional(),
        namespaceSelector: z
          .object({ matchNames: z.array(z.string()).optional() })
          .strict()
          .optional(),
        labelSelector: labelSelector.optional(),
        resources: z.record(z.unknown()).optional(),
        cloudEventURI: z.string().optional(),
      })
      .strict(),
  })
  .strict();

// ---- kpack v1alpha2 --------------------------------------------------------

/** kpack.io/v1alpha2 Image. */
export const KpackImageSchema = z
  .object({
    apiVersion: z.literal('kpack.io/v1alpha2'),
    kind: z.literal('Image'),
    metadata: namedMeta,
    spec: z
      .object({
        tag: z.string().min(1),
        additionalTags: z.array(z.string()).optional(),
        builder: z
          .object({
            kind: z.enum(['Builder', 'ClusterBuilder']),
            name: z.string().min(1),
            namespace: z.string().optional(),
          })
          .strict()
          .optional(),
        serviceAccountName: z.string().optional(),
        source: z
          .object({
            git: z
              .object({ url: z.string().url(), revision: z.string().min(1) })
              .strict()
              .optional(),
            blob: z.object({ url: z.string().url() }).strict().optional(),
            registry: z
              .object({
                image: z.string(),
                imagePullSecrets: z
                  .array(z.object({ name: z.string() }).strict())
                  .optional(),
              })
              .strict()
              .optional(),
            subPath: z.string().optional(),
          })
          .strict()
          .refine(
            s => [s.git, s.blob, s.registry].filter(Boolean).length === 1,
            'exactly one of git, blob or registry',
          ),
        cache: z
          .object({
            volume: z
              .object({
                size: quantity.optional(),
                storageClassName: z.string().optional(),
              })
              .strict()
              .optional(),
            registry: z.object({ tag: z.string() }).strict().optional(),
          })
          .strict()
          .optional(),
        failedBuildHistoryLimit: z.number().int().nonnegative().optional(),
        successBuildHistoryLimit: z.number().int().nonnegative().optional(),
        imageTaggingStrategy: z.enum(['None', 'BuildNumber']).optional(),
        projectDescriptorPath: z.string().optional(),
        build: z
          .object({
            env: z.array(envVar).optional(),
            resources: resources.optional(),
            services: z.array(z.record(z.unknown())).optional(),
            tolerations: z.array(z.record(z.unknown())).optional(),
            nodeSelector: z.record(z.string()).optional(),
            affinity: z.record(z.unknown()).optional(),
            runtimeClassName: z.string().optional(),
            schedulerName: z.string().optional(),
            buildTimeout: z.number().int().optional(),
          })
          .strict()
          .optional(),
        notary: z.record(z.unknown()).optional(),
        cosign: z.record(z.unknown()).optional(),
        defaultProcess: z.string().optional(),
      })
      .strict(),
  })
  .strict();

// ---- Argo CD v1alpha1 ------------------------------------------------------

const applicationSource = z
  .object({
    repoURL: z.string().min(1),
    path: z.string().optional(),
    targetRevision: z.string().optional(),
    chart: z.string().optional(),
    helm: z.record(z.unknown()).optional(),
    kustomize: z.record(z.unknown()).optional(),
    directory: z
      .object({
        recurse: z.boolean().optional(),
        jsonnet: z.record(z.unknown()).optional(),
        exclude: z.string().optional(),
        include: z.string().optional(),
      })
      .strict()
      .optional(),
    plugin: z.record(z.unknown()).optional(),
    ref: z.string().optional(),
    name: z.string().optional(),
  })
  .strict();

/** argoproj.io/v1alpha1 Application. */
export const ApplicationSchema = z
  .object({
    apiVersion: z.literal('argoproj.io/v1alpha1'),
    kind: z.literal('Application'),
    metadata: namedMeta,
    spec: z
      .object({
        project: z.string().min(1),
        source: applicationSource.optional(),
        sources: z.array(applicationSource).optional(),
        destination: z
          .object({
            server: z.string().url().optional(),
            name: z.string().optional(),
            namespace: z.string().optional(),
          })
          .strict()
          .refine(
            d => Boolean(d.server) !== Boolean(d.name),
            'destination needs exactly one of server or name',
          ),
        syncPolicy: z
          .object({
            automated: z
              .object({
                prune: z.boolean().optional(),
                selfHeal: z.boolean().optional(),
                allowEmpty: z.boolean().optional(),
                enabled: z.boolean().optional(),
              })
              .strict()
              .optional(),
            syncOptions: z
              .array(z.string().regex(/^[A-Za-z]+=\S+$/))
              .optional(),
            retry: z
              .object({
                limit: z.number().int().optional(),
                backoff: z
                  .object({
                    duration: z.string().optional(),
                    factor: z.number().int().optional(),
                    maxDuration: z.string().optional(),
                  })
                  .strict()
                  .optional(),
              })
              .strict()
              .optional(),
            managedNamespaceMetadata: z.record(z.unknown()).optional(),
          })
          .strict()
          .optional(),
        ignoreDifferences: z.array(z.record(z.unknown())).optional(),
        info: z
          .array(z.object({ name: z.string(), value: z.string() }).strict())
          .optional(),
        revisionHistoryLimit: z.number().int().nonnegative().optional(),
        sourceHydrator: z.record(z.unknown()).optional(),
      })
      .strict()
      .refine(
        s => Boolean(s.source) !== Boolean(s.sources?.length),
        'exactly one of source or sources',
      ),
  })
  .strict();

// ---- dispatch --------------------------------------------------------------

const KINDS: Record<string, z.ZodTypeAny> = {
  'apps/v1/Deployment': DeploymentSchema,
  'v1/Service': ServiceSchema,
  'v1/ServiceAccount': ServiceAccountSchema,
  'tekton.dev/v1/Pipeline': PipelineSchema,
  'tekton.dev/v1/PipelineRun': PipelineRunSchema,
  'triggers.tekton.dev/v1beta1/TriggerBinding': TriggerBindingSchema,
  'triggers.tekton.dev/v1beta1/TriggerTemplate': TriggerTemplateSchema,
  'triggers.tekton.dev/v1beta1/EventListener': EventListenerSchema,
  'kpack.io/v1alpha2/Image': KpackImageSchema,
  'argoproj.io/v1alpha1/Application': ApplicationSchema,
};

const catalogPolicy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/**
 * Validates one generated document against its kind's schema. Returns the
 * problems (empty when valid); an unknown kind is a problem.
 */
export async function manifestProblems(document: unknown): Promise<string[]> {
  const d = document as { apiVersion?: string; kind?: string };
  if (d?.apiVersion === 'backstage.io/v1alpha1') {
    try {
      const entity = await catalogPolicy.enforce(document as Entity);
      if (!entity) return ['rejected by the catalog policies'];
      if (!(await componentEntityV1alpha1Validator.check(entity))) {
        return [`not a ${d.kind} the catalog accepts`];
      }
      return [];
    } catch (e) {
      return [toError(e).message];
    }
  }
  const schema = KINDS[`${d?.apiVersion}/${d?.kind}`];
  if (!schema) return [`no schema for ${d?.apiVersion} ${d?.kind}`];
  const result = schema.safeParse(document);
  return result.success
    ? []
    : result.error.issues.map(
        i => `${i.path.join('.') || '(root)'}: ${i.message}`,
      );
}
