import type { KubeObject } from '../types';
import { ApiError } from './ApiError';

interface FieldRequirement {
  field: string;
  negate: boolean;
  value: string;
}

const COMMON_FIELDS = ['metadata.name', 'metadata.namespace'];

/** Extra fields the API server supports per resource (group/plural). */
const EXTRA_FIELDS: Record<string, string[]> = {
  '/pods': [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.nominatedNodeName',
  ],
  '/events': [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  '/secrets': ['type'],
  '/nodes': ['spec.unschedulable'],
  '/namespaces': ['status.phase'],
  '/replicationcontrollers': ['status.replicas'],
  'apps/replicasets': ['status.replicas'],
  'batch/jobs': ['status.successful'],
};

function unescape(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

function splitUnescaped(input: string, sep: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < input.length; i++) {
    if (input[i] === '\\' && i + 1 < input.length) {
      cur += input[i] + input[i + 1];
      i++;
    } else if (input[i] === sep) {
      parts.push(cur);
      cur = '';
    } else {
      cur += input[i];
    }
  }
  parts.push(cur);
  return parts;
}

function fieldValue(obj: KubeObject, field: string): string {
  if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
  if (field === 'metadata.name') return obj.metadata.name ?? '';
  if (field === 'source') {
    const src = obj.source as { component?: string } | undefined;
    return src?.component ?? '';
  }
  let cur: unknown = obj;
  for (const part of field.split('.')) {
    if (cur === null || typeof cur !== 'object') return '';
    cur = (cur as Record<string, unknown>)[part];
  }
  if (cur === undefined || cur === null) {
    return field === 'spec.unschedulable' || field === 'spec.hostNetwork'
      ? 'false'
      : '';
  }
  return String(cur);
}

/**
 * A parsed `fieldSelector`: `field=value`, `field==value`, `field!=value`,
 * comma-separated, on the fields the API server supports for the resource.
 */
export class FieldSelector {
  private constructor(private readonly requirements: FieldRequirement[]) {}

  static readonly everything = new FieldSelector([]);

  get isEverything(): boolean {
    return this.requirements.length === 0;
  }

  /** The value a requirement pins `metadata.name` to, if any (for GET-like lookups). */
  exactName(): string | undefined {
    return this.requirements.find(r => r.field === 'metadata.name' && !r.negate)
      ?.value;
  }

  /**
   * Parses a selector for a resource (`group`, `plural`); throws 400 on bad
   * syntax or a field the API server does not index for it.
   */
  static parse(
    input: string | undefined | null,
    group: string,
    plural: string,
  ): FieldSelector {
    if (!input || !input.trim()) return FieldSelector.everything;
    const allowed = [
      ...COMMON_FIELDS,
      ...(EXTRA_FIELDS[`${group}/${plural}`] ?? []),
    ];
    const reqs: FieldRequirement[] = [];
    for (const raw of splitUnescaped(input, ',')) {
      const part = raw.trim();
      if (!part) continue;
      const m = /^([^=!]+?)\s*(==|!=|=)\s*(.*)$/.exec(part);
      if (!m) {
        throw ApiError.badRequest(
          `invalid selector: '${input}'; can't understand '${part}'`,
        );
      }
      const field = m[1].trim();
      if (!allowed.includes(field)) {
        throw ApiError.badRequest(`field label not supported: ${field}`);
      }
      reqs.push({ field, negate: m[2] === '!=', value: unescape(m[3]) });
    }
    return new FieldSelector(reqs);
  }

  matches(obj: KubeObject): boolean {
    for (const r of this.requirements) {
      const equal = fieldValue(obj, r.field) === r.value;
      if (equal === r.negate) return false;
    }
    return true;
  }
}
