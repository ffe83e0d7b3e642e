/*
 * Summarises a V8 .heapsnapshot: self size by node type and constructor
 * name (strings grouped by kind), so "where do the bytes per cached object
 * go" has an answer; with two snapshots, what the second adds. Reads
 * whole files: meant for the small profile (a few hundred MiB at most).
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs bench/heapSnapshot.ts [BEFORE] AFTER
 */
import { readFileSync, statSync } from 'node:fs';

export interface HeapSummary {
  totalBytes: number;
  nodes: number;
  groups: Array<{ group: string; count: number; bytes: number; share: number }>;
}

type Groups = Map<string, { count: number; bytes: number }>;

export function summarizeHeapSnapshot(file: string, top = 20): HeapSummary {
  const { groups, total, nodes } = readGroups(file);
  return {
    totalBytes: total,
    nodes,
    groups: [...groups.entries()]
      .sort((a, b) => b[1].bytes - a[1].bytes)
      .slice(0, top)
      .map(([group, g]) => ({ group, ...g, share: g.bytes / total })),
  };
}

/** What `after` holds more than `before`, by kind (shares of the total growth). */
export function diffHeapSnapshots(
  before: string,
  after: string,
  top = 20,
): HeapSummary {
  const a = readGroups(before);
  const b = readGroups(after);
  const growth = b.total - a.total;
  const deltas = [...b.groups.entries()].map(([group, g]) => {
    const old = a.groups.get(group) ?? { count: 0, bytes: 0 };
    return { group, count: g.count - old.count, bytes: g.bytes - old.bytes };
  });
  return {
    totalBytes: growth,
    nodes: b.nodes - a.nodes,
    groups: deltas
      .sort((x, y) => y.bytes - x.bytes)
      .slice(0, top)
      .map(d => ({ ...d, share: d.bytes / growth })),
  };
}

function readGroups(file: string): {
  groups: Groups;
  total: number;
  nodes: number;
} {
  const size = statSync(file).size;
  if (size > 450 * 1024 * 1024) {
    throw new Error(
      `${file} is ${Math.round(
        size / 1024 / 1024,
      )} MiB; summarise a smaller profile's snapshot`,
    );
  }
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const meta = snapshot.snapshot.meta;
  const fields: string[] = meta.node_fields;
  const types: string[] = meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const nodes: number[] = snapshot.nodes;
  const strings: string[] = snapshot.strings;
  const groups: Groups = new Map();
  let total = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    const bytes = nodes[i + sizeAt];
    total += bytes;
    let group: string;
    if (type === 'object' || type === 'closure' || type === 'native') {
      group = `${type} ${strings[nodes[i + nameAt]]}`;
    } else if (type === 'hidden' || type === 'array' || type === 'code') {
      group = `${type} ${strings[nodes[i + nameAt]]}`.slice(0, 60);
    } else {
      group = type; // string, concatenated string, number, …
    }
    const g = groups.get(group) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += bytes;
    groups.set(group, g);
  }
  return { groups, total, nodes: nodes.length / width };
}

export function formatHeapSummary(title: string, s: HeapSummary): string {
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`.padStart(10);
  return [
    `${title}: ${mib(s.totalBytes).trim()} in ${s.nodes.toLocaleString(
      'en-US',
    )} heap objects; self size by kind:`,
    ...s.groups.map(
      g =>
        `  ${mib(g.bytes)} ${`${(g.share * 100).toFixed(1)}%`.padStart(
          6,
        )} ${g.count.toLocaleString('en-US').padStart(10)}×  ${g.group}`,
    ),
  ].join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const top = /^\d+$/.test(args[args.length - 1] ?? '')
    ? Number(args.pop())
    : 20;
  const [first, second] = args;
  if (!first || args.length > 2) {
    // eslint-disable-next-line no-console
    console.error(
      'usage: heapSnapshot.ts [BEFORE.heapsnapshot] AFTER.heapsnapshot [top]',
    );
    process.exit(2);
  }
  // eslint-disable-next-line no-console
  console.log(
    second
      ? formatHeapSummary(
          `what ${second} adds to ${first}`,
          diffHeapSnapshots(first, second, top),
        )
      : formatHeapSummary(first, summarizeHeapSnapshot(first, top)),
  );
}
