type Step =
  | { t: 'field'; name: string }
  | { t: 'index'; i: number }
  | { t: 'all' }
  | { t: 'filter'; path: string[]; op: '==' | '!='; value: string };

function parse(expr: string): Step[] {
  let s = expr.trim();
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (s.startsWith('$')) s = s.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === '.') {
      i++;
      let j = i;
      while (j < s.length && s[j] !== '.' && s[j] !== '[') j++;
      if (j > i) steps.push({ t: 'field', name: s.slice(i, j) });
      i = j;
    } else if (s[i] === '[') {
      const close = s.indexOf(']', i);
      if (close < 0) throw new Error(`unterminated [ in ${expr}`);
      const inner = s.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') {
        steps.push({ t: 'all' });
      } else if (/^-?\d+$/.test(inner)) {
        steps.push({ t: 'index', i: Number(inner) });
      } else if (inner.startsWith('?(')) {
        const m =
          /^\?\(@((?:\.[\w-]+)+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|([\w.-]+))\)$/.exec(
            inner,
          );
        if (!m) throw new Error(`unsupported filter ${inner}`);
        steps.push({
          t: 'filter',
          path: m[1].slice(1).split('.'),
          op: m[2] as '==' | '!=',
          value: m[3] ?? m[4] ?? m[5],
        });
      } else if (/^'.*'$|^".*"$/.test(inner)) {
        steps.push({ t: 'field', name: inner.slice(1, -1) });
      } else {
        throw new Error(`unsupported subscript [${inner}]`);
      }
    } else {
      throw new Error(`unexpected '${s[i]}' in ${expr}`);
    }
  }
  return steps;
}

function dig(value: unknown, path: string[]): unknown {
  let cur = value;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
}

const cache = new Map<string, Step[]>();

/**
 * Evaluates the JSONPath subset that CRD printer columns use (`.a.b`,
 * `[0]`, `[*]`, `[?(@.type=="Ready")]`) and returns every match.
 */
export function evaluateJsonPath(obj: unknown, expr: string): unknown[] {
  let steps = cache.get(expr);
  if (!steps) {
    steps = parse(expr);
    cache.set(expr, steps);
  }
  let current: unknown[] = [obj];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || v === undefined) continue;
      if (step.t === 'field') {
        if (typeof v === 'object' && !Array.isArray(v)) {
          const f = (v as Record<string, unknown>)[step.name];
          if (f !== undefined) next.push(f);
        }
      } else if (Array.isArray(v)) {
        if (step.t === 'index') {
          const f = v[step.i < 0 ? v.length + step.i : step.i];
          if (f !== undefined) next.push(f);
        } else if (step.t === 'all') {
          next.push(...v);
        } else {
          for (const item of v) {
            const got = dig(item, step.path);
            const eq = got !== undefined && String(got) === step.value;
            if (step.op === '==' ? eq : !eq) next.push(item);
          }
        }
      }
    }
    current = next;
  }
  return current;
}
