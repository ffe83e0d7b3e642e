import { ApiError } from './ApiError';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw ApiError.badRequest(`invalid JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

function parentOf(doc: unknown, parts: string[]): { parent: any; key: string } {
  let cur: any = doc;
  for (const p of parts.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object' || !(p in cur)) {
      throw new ApiError(
        422,
        'Invalid',
        `the server rejected our request due to an error in our request: doc is missing path: /${parts.join(
          '/',
        )}`,
      );
    }
    cur = cur[p];
  }
  return { parent: cur, key: parts[parts.length - 1] };
}

function get(doc: unknown, parts: string[]): unknown {
  let cur: any = doc;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object' || !(p in cur)) {
      throw new ApiError(
        422,
        'Invalid',
        `doc is missing path: /${parts.join('/')}`,
      );
    }
    cur = cur[p];
  }
  return cur;
}

function remove(doc: unknown, parts: string[]): unknown {
  const { parent, key } = parentOf(doc, parts);
  if (Array.isArray(parent)) {
    const idx = Number(key);
    if (!(idx >= 0 && idx < parent.length))
      throw new ApiError(
        422,
        'Invalid',
        `doc is missing path: /${parts.join('/')}`,
      );
    return parent.splice(idx, 1)[0];
  }
  if (parent === null || typeof parent !== 'object' || !(key in parent)) {
    throw new ApiError(
      422,
      'Invalid',
      `doc is missing path: /${parts.join('/')}`,
    );
  }
  const old = parent[key];
  delete parent[key];
  return old;
}

function add(doc: unknown, parts: string[], value: unknown): unknown {
  if (parts.length === 0) return value;
  const { parent, key } = parentOf(doc, parts);
  if (Array.isArray(parent)) {
    const idx = key === '-' ? parent.length : Number(key);
    if (!(idx >= 0 && idx <= parent.length))
      throw new ApiError(
        422,
        'Invalid',
        `index out of range: /${parts.join('/')}`,
      );
    parent.splice(idx, 0, value);
  } else if (parent !== null && typeof parent === 'object') {
    parent[key] = value;
  } else {
    throw new ApiError(
      422,
      'Invalid',
      `doc is missing path: /${parts.join('/')}`,
    );
  }
  return doc;
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test). */
export function jsonPatch(target: unknown, operations: unknown): unknown {
  if (!Array.isArray(operations))
    throw ApiError.badRequest('json patch must be an array of operations');
  let doc = clone(target);
  for (const raw of operations as Operation[]) {
    const parts = parsePointer(raw.path);
    switch (raw.op) {
      case 'add':
        doc = add(doc, parts, clone(raw.value));
        break;
      case 'remove':
        remove(doc, parts);
        break;
      case 'replace':
        if (parts.length === 0) {
          doc = clone(raw.value);
        } else {
          remove(doc, parts);
          doc = add(doc, parts, clone(raw.value));
        }
        break;
      case 'move': {
        const value = remove(doc, parsePointer(raw.from ?? ''));
        doc = add(doc, parts, value);
        break;
      }
      case 'copy':
        doc = add(doc, parts, clone(get(doc, parsePointer(raw.from ?? ''))));
        break;
      case 'test':
        if (JSON.stringify(get(doc, parts)) !== JSON.stringify(raw.value)) {
          throw new ApiError(
            422,
            'Invalid',
            `testing value ${raw.path} failed`,
          );
        }
        break;
      default:
        throw ApiError.badRequest(`unexpected json patch operation: ${raw.op}`);
    }
  }
  return doc;
}
