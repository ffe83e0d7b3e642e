import type { ResourceType } from '../resources/ResourceType';
import type { KubeObject } from '../types';
import { age } from './humanDuration';
import { evaluateJsonPath } from './JsonPath';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

type Cell = string | number | boolean | null;

interface Printer {
  columns: ColumnDefinition[];
  cells(obj: any): Cell[];
}

const col = (
  name: string,
  type = 'string',
  priority = 0,
  format = '',
): ColumnDefinition => ({
  name,
  type,
  format,
  description:
    name === 'Name'
      ? 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names'
      : name,
  priority,
});
const NAME = { ...col('Name', 'string', 0, 'name') };
const AGE = col('Age');

function podStatus(pod: any): {
  reason: string;
  ready: number;
  total: number;
  restarts: string;
} {
  const containers: any[] = pod.spec?.containers ?? [];
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  let reason: string = pod.status?.reason || pod.status?.phase || 'Unknown';
  let ready = 0;
  let restarts = 0;
  let lastRestart: string | undefined;
  let hasRunning = false;
  for (const cs of statuses) {
    restarts += cs.restartCount ?? 0;
    const finished = cs.lastState?.terminated?.finishedAt;
    if (finished && (!lastRestart || finished > lastRestart))
      lastRestart = finished;
  }
  for (let i = statuses.length - 1; i >= 0; i--) {
    const cs = statuses[i];
    if (cs.state?.waiting?.reason) reason = cs.state.waiting.reason;
    else if (cs.state?.terminated?.reason) reason = cs.state.terminated.reason;
    else if (cs.state?.terminated) {
      reason = cs.state.terminated.signal
        ? `Signal:${cs.state.terminated.signal}`
        : `ExitCode:${cs.state.terminated.exitCode}`;
    } else if (cs.ready && cs.state?.running) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) reason = 'Running';
  if (pod.metadata?.deletionTimestamp) reason = 'Terminating';
  return {
    reason,
    ready,
    total: containers.length,
    restarts:
      lastRestart && restarts > 0
        ? `${restarts} (${age(lastRestart)} ago)`
        : String(restarts),
  };
}

const BUILTIN_PRINTERS: Record<string, Printer> = {
  '/pods': {
    columns: [
      NAME,
      col('Ready'),
      col('Status'),
      col('Restarts'),
      AGE,
      col('IP', 'string', 1),
      col('Node', 'string', 1),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    cells: p => {
      const s = podStatus(p);
      return [
        p.metadata.name,
        `${s.ready}/${s.total}`,
        s.reason,
        s.restarts,
        age(p.metadata.creationTimestamp),
        p.status?.podIP ?? '<none>',
        p.spec?.nodeName ?? '<none>',
        p.status?.nominatedNodeName ?? '<none>',
        '<none>',
      ];
    },
  },
  '/nodes': {
    columns: [
      NAME,
      col('Status'),
      col('Roles'),
      AGE,
      col('Version'),
      col('Internal-IP', 'string', 1),
      col('External-IP', 'string', 1),
      col('OS-Image', 'string', 1),
      col('Kernel-Version', 'string', 1),
      col('Container-Runtime', 'string', 1),
    ],
    cells: n => {
      const ready = (n.status?.conditions ?? []).find(
        (c: any) => c.type === 'Ready',
      );
      let status = 'Unknown';
      if (ready) status = ready.status === 'True' ? 'Ready' : 'NotReady';
      if (n.spec?.unschedulable) status += ',SchedulingDisabled';
      const roles = Object.keys(n.metadata.labels ?? {})
        .filter(l => l.startsWith('node-role.kubernetes.io/'))
        .map(l => l.slice('node-role.kubernetes.io/'.length))
        .filter(Boolean);
      const addr = (t: string) =>
        (n.status?.addresses ?? []).find((a: any) => a.type === t)?.address ??
        '<none>';
      const info = n.status?.nodeInfo ?? {};
      return [
        n.metadata.name,
        status,
        roles.length ? roles.sort().join(',') : '<none>',
        age(n.metadata.creationTimestamp),
        info.kubeletVersion ?? '',
        addr('InternalIP'),
        addr('ExternalIP'),
        info.osImage ?? '<unknown>',
        info.kernelVersion ?? '<unknown>',
        info.containerRuntimeVersion ?? '<unknown>',
      ];
    },
  },
  '/namespaces': {
    columns: [NAME, col('Status'), AGE],
    cells: n => [
      n.metadata.name,
      n.status?.phase ?? 'Active',
      age(n.metadata.creationTimestamp),
    ],
  },
  '/services': {
    columns: [
      NAME,
      col('Type'),
      col('Cluster-IP'),
      col('External-IP'),
      col('Port(s)'),
      AGE,
      col('Selector', 'string', 1),
    ],
    cells: s => {
      const ports = (s.spec?.ports ?? [])
        .map(
          (p: any) =>
            `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${
              p.protocol ?? 'TCP'
            }`,
        )
        .join(',');
      const ingress = (s.status?.loadBalancer?.ingress ?? []).map(
        (i: any) => i.ip ?? i.hostname,
      );
      let external = s.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>';
      if (ingress.length) external = ingress.join(',');
      const selector = Object.entries(s.spec?.selector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return [
        s.metadata.name,
        s.spec?.type ?? 'ClusterIP',
        s.spec?.clusterIP ?? '<none>',
        external,
        ports || '<none>',
        age(s.metadata.creationTimestamp),
        selector || '<none>',
      ];
    },
  },
  '/configmaps': {
    columns: [NAME, col('Data', 'integer'), AGE],
    cells: c => [
      c.metadata.name,
      Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length,
      age(c.metadata.creationTimestamp),
    ],
  },
  'apps/deployments': {
    columns: [
      NAME,
      col('Ready'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells: d => [
      d.metadata.name,
      `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
      d.status?.updatedReplicas ?? 0,
      d.status?.availableReplicas ?? 0,
      age(d.metadata.creationTimestamp),
      (d.spec?.template?.spec?.containers ?? [])
        .map((c: any) => c.name)
        .join(','),
      (d.spec?.template?.spec?.containers ?? [])
        .map((c: any) => c.image)
        .join(','),
      Object.entries(d.spec?.selector?.matchLabels ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    ],
  },
  'apps/replicasets': {
    columns: [
      NAME,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      AGE,
    ],
    cells: r => [
      r.metadata.name,
      r.spec?.replicas ?? 1,
      r.status?.replicas ?? 0,
      r.status?.readyReplicas ?? 0,
      age(r.metadata.creationTimestamp),
    ],
  },
  'apps/statefulsets': {
    columns: [NAME, col('Ready'), AGE],
    cells: s => [
      s.metadata.name,
      `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`,
      age(s.metadata.creationTimestamp),
    ],
  },
  'apps/daemonsets': {
    columns: [
      NAME,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      col('Node Selector'),
      AGE,
    ],
    cells: d => [
      d.metadata.name,
      d.status?.desiredNumberScheduled ?? 0,
      d.status?.currentNumberScheduled ?? 0,
      d.status?.numberReady ?? 0,
      d.status?.updatedNumberScheduled ?? 0,
      d.status?.numberAvailable ?? 0,
      Object.entries(d.spec?.template?.spec?.nodeSelector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',') || '<none>',
      age(d.metadata.creationTimestamp),
    ],
  },
};

function formatCell(value: unknown, column: { type: string }): Cell {
  if (value === undefined || value === null) return null;
  if (column.type === 'date') return age(value);
  if (column.type === 'integer' || column.type === 'number') {
    return typeof value === 'number' ? value : Number(value);
  }
  if (column.type === 'boolean') return Boolean(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function printerFor(type: ResourceType): Printer {
  const builtin = BUILTIN_PRINTERS[`${type.group}/${type.plural}`];
  if (builtin) return builtin;
  if (type.printerColumns && type.printerColumns.length > 0) {
    const pcs = type.printerColumns;
    return {
      columns: [
        NAME,
        ...pcs.map(p => ({
          name: p.name,
          type: p.type,
          format: p.format ?? '',
          description: p.description ?? '',
          priority: p.priority ?? 0,
        })),
      ],
      cells: o => [
        o.metadata.name,
        ...pcs.map(p => {
          try {
            return formatCell(evaluateJsonPath(o, p.jsonPath)[0], p);
          } catch {
            return null;
          }
        }),
      ],
    };
  }
  return {
    columns: [NAME, AGE],
    cells: o => [o.metadata.name, age(o.metadata.creationTimestamp)],
  };
}

export type IncludeObject = 'Metadata' | 'Object' | 'None';

/** Converts objects to a `meta.k8s.io` Table, as server-side printing does. */
export class TableConverter {
  static toTable(
    type: ResourceType,
    objects: KubeObject[],
    o: {
      version: string;
      includeObject: IncludeObject;
      noHeaders?: boolean;
      listMeta?: Record<string, unknown>;
    },
  ): Record<string, unknown> {
    const printer = printerFor(type);
    return {
      kind: 'Table',
      apiVersion: `meta.k8s.io/${o.version}`,
      metadata: o.listMeta ?? {},
      columnDefinitions: o.noHeaders ? null : printer.columns,
      rows: objects.map(obj => {
        let rowObject: unknown;
        if (o.includeObject === 'Object') rowObject = obj;
        else if (o.includeObject === 'Metadata') {
          rowObject = {
            kind: 'PartialObjectMetadata',
            apiVersion: `meta.k8s.io/${o.version}`,
            metadata: obj.metadata,
          };
        }
        return {
          cells: printer.cells(obj),
          ...(rowObject !== undefined ? { object: rowObject } : {}),
        };
      }),
    };
  }
}
