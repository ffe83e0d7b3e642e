/*
 * Holds the backend's layers to the direction docs/architecture.md draws:
 * cache/ and sources/ both depend on the contract in portolan-node and
 * never on each other, and nothing a source reaches (transitively) does
 * I/O. Reads the import statements of the source files; it never runs them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SRC = __dirname;

/** Node built-ins and packages that reach the network, the disk or a process. */
const IO_MODULES = [
  /^(node:)?(fs|fs\/promises|http|https|http2|net|tls|dgram|dns|child_process|worker_threads|cluster)$/,
  /^@kubernetes\/client-node/,
  /^undici/,
  /^express/,
  /^knex/,
  /^@backstage\/backend-defaults/,
];

/** Folders of the backend whose modules talk to the outside world. */
const IO_FOLDERS = [
  'cache',
  'clusters',
  'registry',
  'service',
  'history',
  'scm',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === '__fixtures__' || name === '__testUtils__'
        ? []
        : sourceFiles(path);
    }
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const pattern =
    /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)|\brequire\(\s*'([^']+)'\s*\)/g;
  for (const match of text.matchAll(pattern)) {
    found.push(match[1] ?? match[2] ?? match[3]);
  }
  return found;
}

/** A relative import as a file of this package, or undefined for a package import. */
function resolveLocal(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
  ]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${relative(SRC, from)} imports '${specifier}', not found`);
}

function folderOf(file: string): string {
  return relative(SRC, file).split('/')[0];
}

describe('backend layers', () => {
  const files = sourceFiles(SRC);

  it('finds the folders it checks', () => {
    const folders = new Set(files.map(folderOf));
    for (const folder of ['cache', 'sources', 'views']) {
      expect(folders.has(folder)).toBe(true);
    }
  });

  it('keeps cache/ and sources/ apart', () => {
    const crossings: string[] = [];
    for (const file of files) {
      const from = folderOf(file);
      if (from !== 'cache' && from !== 'sources') continue;
      for (const specifier of importsOf(file)) {
        const target = resolveLocal(file, specifier);
        if (!target) continue;
        const to = folderOf(target);
        if (to !== from && (to === 'cache' || to === 'sources')) {
          crossings.push(`${relative(SRC, file)} imports '${specifier}'`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });

  it('lets no module under sources/ reach anything that does I/O', () => {
    const offending: string[] = [];
    for (const entry of files.filter(f => folderOf(f) === 'sources')) {
      const seen = new Set<string>();
      const stack: Array<{ file: string; path: string[] }> = [
        { file: entry, path: [relative(SRC, entry)] },
      ];
      while (stack.length) {
        const { file, path } = stack.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const specifier of importsOf(file)) {
          const target = resolveLocal(file, specifier);
          if (target) {
            const chain = [...path, relative(SRC, target)];
            if (IO_FOLDERS.includes(folderOf(target))) {
              offending.push(chain.join(' → '));
            } else {
              stack.push({ file: target, path: chain });
            }
          } else if (IO_MODULES.some(p => p.test(specifier))) {
            offending.push([...path, specifier].join(' → '));
          }
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it('keeps the contract package free of I/O', () => {
    const contract = resolve(SRC, '../../portolan-node/src');
    const offending = sourceFiles(contract).flatMap(file =>
      importsOf(file)
        .filter(specifier => IO_MODULES.some(p => p.test(specifier)))
        .map(specifier => `${relative(contract, file)} imports '${specifier}'`),
    );
    expect(offending).toEqual([]);
  });

  it('would notice a crossing (the scanner reads real imports)', () => {
    const informer = join(SRC, 'cache', 'ResourceInformer.ts');
    expect(importsOf(informer)).toContain('../clusters/KubeClient');
    expect(resolveLocal(informer, '../clusters/KubeClient')).toBe(
      join(SRC, 'clusters', 'KubeClient.ts'),
    );
  });
});
