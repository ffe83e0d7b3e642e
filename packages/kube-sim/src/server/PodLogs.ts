import { createHash } from 'node:crypto';
import type { KubeObject } from '../types';
import { ApiError } from '../store/ApiError';

/** Annotation holding a container's log text: `kube-sim.portolan.dev/log-<container>`. */
export const LOG_ANNOTATION_PREFIX = 'kube-sim.portolan.dev/log-';
/** Annotation holding the log text of any container without its own. */
export const LOG_ANNOTATION = 'kube-sim.portolan.dev/log';

const MESSAGES = [
  'INFO  handled GET /healthz 200 in 1ms',
  'INFO  handled GET /api/v1/items 200 in 12ms',
  'DEBUG cache hit ratio 0.97',
  'INFO  handled POST /api/v1/items 201 in 31ms',
  'WARN  slow upstream call to db: 412ms',
  'INFO  flushed 128 events to the broker',
  'INFO  handled GET /metrics 200 in 3ms',
  'INFO  connection pool: 8 active, 24 idle',
];

interface ContainerInfo {
  names: string[];
  init: string[];
}

function containersOf(pod: KubeObject): ContainerInfo {
  const spec = (pod.spec ?? {}) as {
    containers?: Array<{ name: string }>;
    initContainers?: Array<{ name: string }>;
    ephemeralContainers?: Array<{ name: string }>;
  };
  return {
    names: [
      ...(spec.containers ?? []),
      ...(spec.ephemeralContainers ?? []),
    ].map(c => c.name),
    init: (spec.initContainers ?? []).map(c => c.name),
  };
}

function statusOf(pod: KubeObject, container: string): any {
  const st = (pod.status ?? {}) as {
    containerStatuses?: any[];
    initContainerStatuses?: any[];
  };
  return [
    ...(st.containerStatuses ?? []),
    ...(st.initContainerStatuses ?? []),
  ].find(s => s.name === container);
}

function seedOf(...parts: string[]): number {
  return createHash('sha256').update(parts.join('/')).digest().readUInt32BE(0);
}

/** Resolves the `container` parameter as the API server does (400 when ambiguous or unknown). */
export function resolveContainer(
  pod: KubeObject,
  container: string | null,
): string {
  const { names, init } = containersOf(pod);
  const name = pod.metadata.name;
  if (!container) {
    if (names.length === 1) return names[0];
    let msg = `a container name must be specified for pod ${name}, choose one of: [${names.join(
      ' ',
    )}]`;
    if (init.length)
      msg += ` or one of the init containers: [${init.join(' ')}]`;
    throw ApiError.badRequest(msg);
  }
  if (!names.includes(container) && !init.includes(container)) {
    throw ApiError.badRequest(
      `container ${container} is not valid for pod ${name}`,
    );
  }
  return container;
}

/** One generated log line for a container, deterministic in (pod, container, n). */
export function generatedLine(
  pod: KubeObject,
  container: string,
  n: number,
  at: Date,
): string {
  const seed = seedOf(
    pod.metadata.namespace ?? '',
    pod.metadata.name ?? '',
    container,
  );
  const msg = MESSAGES[(seed + n * 7) % MESSAGES.length];
  return `${at.toISOString()} ${msg} [${container}] seq=${n}`;
}

/** The log text of a container: its annotation, or generated lines. */
export function logText(
  pod: KubeObject,
  container: string,
  previous: boolean,
): string {
  const status = statusOf(pod, container);
  const podName = pod.metadata.name;
  if (previous) {
    if (!status || !(status.restartCount > 0)) {
      throw ApiError.badRequest(
        `previous terminated container "${container}" in pod "${podName}" not found`,
      );
    }
    const prev =
      pod.metadata.annotations?.[
        `${LOG_ANNOTATION_PREFIX}previous-${container}`
      ];
    if (prev !== undefined) return prev;
  } else if (status?.state?.waiting) {
    throw ApiError.badRequest(
      `container "${container}" in pod "${podName}" is waiting to start: ${
        status.state.waiting.reason ?? 'ContainerCreating'
      }`,
    );
  } else if (
    !status &&
    (pod.status as { phase?: string } | undefined)?.phase === 'Pending'
  ) {
    throw ApiError.badRequest(
      `container "${container}" in pod "${podName}" is waiting to start: ContainerCreating`,
    );
  }
  const annotations = pod.metadata.annotations ?? {};
  const text =
    annotations[`${LOG_ANNOTATION_PREFIX}${container}`] ??
    annotations[LOG_ANNOTATION];
  if (text !== undefined)
    return text.endsWith('\n') || text === '' ? text : `${text}\n`;
  const started = Date.parse(
    status?.state?.running?.startedAt ??
      status?.state?.terminated?.startedAt ??
      pod.metadata.creationTimestamp ??
      '2026-01-01T00:00:00Z',
  );
  const lines: string[] = [];
  const count = 20 + (seedOf(podName ?? '', container) % 20);
  for (let i = 0; i < count; i++) {
    lines.push(generatedLine(pod, container, i, new Date(started + i * 3000)));
  }
  if (previous)
    lines.push(
      `${new Date(
        started + count * 3000,
      ).toISOString()} ERROR fatal: out of memory`,
    );
  return `${lines.join('\n')}\n`;
}

/** Applies `tailLines`, `limitBytes` and `timestamps` to log text. */
export function shapeLog(
  text: string,
  o: {
    tailLines?: number;
    limitBytes?: number;
    timestamps?: boolean;
    at: Date;
  },
): string {
  let lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (o.tailLines !== undefined && o.tailLines >= 0)
    lines = lines.slice(Math.max(0, lines.length - o.tailLines));
  if (o.timestamps) lines = lines.map(l => `${o.at.toISOString()} ${l}`);
  let out = lines.length ? `${lines.join('\n')}\n` : '';
  if (o.limitBytes !== undefined && o.limitBytes > 0)
    out = Buffer.from(out).subarray(0, o.limitBytes).toString();
  return out;
}
