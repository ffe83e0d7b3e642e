/*
 * Summarises a V8 .cpuprofile: self time per function and per area (a
 * Portolan source file, a package, Node internals, GC), idle excluded.
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/cpuProfile.ts FILE [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
  };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Busy milliseconds (idle excluded). */
  busyMs: number;
  totalMs: number;
  functions: Array<{ name: string; where: string; ms: number; share: number }>;
  areas: Array<{ area: string; ms: number; share: number }>;
  /** Inclusive time of Portolan source files (any frame on the stack). */
  portolanInclusive: Array<{ file: string; ms: number; share: number }>;
}

function shortUrl(url: string): string {
  const m = url.match(/(plugins|packages)\/[^/]+\/src\/.*$/);
  if (m) return m[0];
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  return url.replace(/^file:\/\//, '');
}

function areaOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame;
  if (!url) {
    if (functionName.startsWith('(')) return functionName;
    return '(native/builtin)';
  }
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const portolan = url.match(/plugins\/(portolan[^/]*)\/src\/(.*)$/);
  if (portolan) return `${portolan[1]}/${portolan[2]}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return shortUrl(url);
}

export function summarizeProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const selfUs = new Map<number, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
    totalUs += dt;
  });
  let idleUs = 0;
  const fn = new Map<string, { name: string; where: string; us: number }>();
  const area = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    // Idle, and the profiler's own work when it stops, are not the backend's.
    if (functionName === '(idle)' || url === 'node:inspector') {
      idleUs += us;
      continue;
    }
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}@${where}`;
    const f = fn.get(key) ?? {
      name: functionName || '(anonymous)',
      where,
      us: 0,
    };
    f.us += us;
    fn.set(key, f);
    const a = areaOf(node);
    area.set(a, (area.get(a) ?? 0) + us);
    // Inclusive time per Portolan file: count each file once per stack.
    const seen = new Set<string>();
    for (
      let cur: number | undefined = id;
      cur !== undefined;
      cur = parent.get(cur)
    ) {
      const m = byId
        .get(cur)!
        .callFrame.url.match(/plugins\/(portolan[^/]*)\/src\/(.*)$/);
      if (m) {
        const k = `${m[1]}/${m[2]}`;
        if (!seen.has(k)) {
          seen.add(k);
          inclusive.set(k, (inclusive.get(k) ?? 0) + us);
        }
      }
    }
  }
  const busyUs = totalUs - idleUs || 1;
  const share = (us: number) => us / busyUs;
  return {
    busyMs: busyUs / 1000,
    totalMs: totalUs / 1000,
    functions: [...fn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map(f => ({
        name: f.name,
        where: f.where,
        ms: f.us / 1000,
        share: share(f.us),
      })),
    areas: [...area.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([a, us]) => ({ area: a, ms: us / 1000, share: share(us) })),
    portolanInclusive: [...inclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([f, us]) => ({ file: f, ms: us / 1000, share: share(us) })),
  };
}

export function formatProfileSummary(title: string, s: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  const lines = [
    `${title}: ${s.busyMs.toFixed(0)} ms busy of ${s.totalMs.toFixed(
      0,
    )} ms sampled`,
    '  self time by area:',
    ...s.areas.map(a => `    ${pct(a.share)}  ${a.area}`),
    '  self time by function:',
    ...s.functions.map(f => `    ${pct(f.share)}  ${f.name}  ${f.where}`),
    '  inclusive time of Portolan files:',
    ...s.portolanInclusive.map(f => `    ${pct(f.share)}  ${f.file}`),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: cpuProfile.ts FILE.cpuprofile [top]');
    process.exit(2);
  }
  // eslint-disable-next-line no-console
  console.log(
    formatProfileSummary(
      file,
      summarizeProfile(file, Number(process.argv[3] ?? 15)),
    ),
  );
}
