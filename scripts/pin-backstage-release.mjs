#!/usr/bin/env node
/*
 * Pins every @backstage/* package this repo can reach to the versions that
 * belong to one Backstage release, and records the release in backstage.json.
 *
 * Why: create-app cannot fetch its yarn.lock seed offline, and caret ranges
 * between @backstage packages then float to newer, incompatible releases
 * (seen: a signals backend calling a core API its resolved core lacked).
 *
 * How: the release's own create-app package embeds the exact versions of the
 * packages its template uses. Starting from those, we walk the dependency
 * graph of every @backstage package we depend on; each range a package of
 * the release declares names the version that was current when it was
 * published, so the highest lower bound seen for a package is the release's
 * version of it. The result becomes exact `resolutions` in package.json.
 *
 * Run only when upgrading Backstage (it asks the npm registry):
 *   node scripts/pin-backstage-release.mjs <create-app-version>
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const root = new URL('..', import.meta.url).pathname;
const createAppVersion = process.argv[2];
if (!createAppVersion) {
  console.error(
    'usage: pin-backstage-release.mjs <@backstage/create-app version>',
  );
  process.exit(2);
}

function npmJson(args) {
  const out = execFileSync('npm', [...args, '--json'], { encoding: 'utf8' });
  return out.trim() ? JSON.parse(out) : undefined;
}

// 1. The release's version map, from create-app's own dist.
const work = mkdtempSync(join(tmpdir(), 'bs-pin-'));
execFileSync(
  'npm',
  [
    'pack',
    `@backstage/create-app@${createAppVersion}`,
    '--pack-destination',
    work,
  ],
  { stdio: 'ignore' },
);
const tgz = readdirSync(work).find(f => f.endsWith('.tgz'));
execFileSync('tar', ['xzf', tgz], { cwd: work });
const require = createRequire(join(work, 'package', 'dist', 'index.cjs.js'));
const { packageVersions } = require('./lib/versions.cjs.js');
const release = packageVersions.root;

// 2. Direct @backstage dependencies of the workspaces.
const workspaceDirs = [
  '.',
  ...['packages', 'plugins'].flatMap(d => {
    try {
      return readdirSync(join(root, d)).map(n => join(d, n));
    } catch {
      return [];
    }
  }),
];
const direct = new Set();
for (const dir of workspaceDirs) {
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  } catch {
    continue;
  }
  for (const field of ['dependencies', 'devDependencies', 'peerDependencies']) {
    for (const name of Object.keys(pkg[field] ?? {})) {
      if (name.startsWith('@backstage/')) direct.add(name);
    }
  }
}

const lowerBound = range => {
  const m = /(\d+)\.(\d+)\.(\d+)(-[\w.]+)?/.exec(range);
  return m ? m[0] : undefined;
};
const cmp = (a, b) => {
  const pa = a.split(/[.-]/).map(Number),
    pb = b.split(/[.-]/).map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i];
  return 0;
};

// 3. Fixpoint over the graph.
const pinned = new Map();
for (const name of direct) {
  pinned.set(name, packageVersions[name]);
}
const fetched = new Map();
let changed = true;
while (changed) {
  changed = false;
  for (const [name, version] of [...pinned]) {
    if (!version) continue;
    const key = `${name}@${version}`;
    if (!fetched.has(key)) {
      const deps = npmJson(['view', key, 'dependencies']) ?? {};
      fetched.set(key, deps);
      process.stderr.write(`  ${key}\n`);
    }
    for (const [dep, range] of Object.entries(fetched.get(key))) {
      if (!dep.startsWith('@backstage/')) continue;
      const floor = lowerBound(range);
      const current = pinned.get(dep);
      const fromRelease = packageVersions[dep];
      const want = fromRelease ?? floor;
      if (!current || (!fromRelease && floor && cmp(floor, current) > 0)) {
        if (current !== want) {
          pinned.set(dep, want);
          changed = true;
        }
      }
    }
  }
}

// Direct dependencies the release map does not name (test utilities,
// *-node and *-common libraries): the newest version whose own @backstage
// ranges are all satisfied by what is pinned so far.
function newestCompatible(name) {
  const versions = (npmJson(['view', name, 'versions']) ?? [])
    .filter(v => !v.includes('-'))
    .sort(cmp)
    .reverse();
  for (const v of versions) {
    const deps = npmJson(['view', `${name}@${v}`, 'dependencies']) ?? {};
    const ok = Object.entries(deps).every(([dep, range]) => {
      if (!dep.startsWith('@backstage/') || !pinned.get(dep)) return true;
      const floor = lowerBound(range);
      const have = pinned.get(dep);
      return (
        !floor ||
        (cmp(floor, have) <= 0 &&
          floor.split('.')[0] === have.split('.')[0] &&
          (floor.startsWith('0.')
            ? floor.split('.')[1] === have.split('.')[1]
            : true))
      );
    });
    if (ok) return v;
  }
  return undefined;
}
for (const [name, version] of [...pinned]) {
  if (!version) {
    pinned.set(name, newestCompatible(name));
    process.stderr.write(`  ${name}@${pinned.get(name)} (newest compatible)\n`);
  }
}
changed = true;
while (changed) {
  changed = false;
  for (const [name, version] of [...pinned]) {
    if (!version) continue;
    const key = `${name}@${version}`;
    if (!fetched.has(key)) {
      fetched.set(key, npmJson(['view', key, 'dependencies']) ?? {});
      process.stderr.write(`  ${key}\n`);
    }
    for (const [dep, range] of Object.entries(fetched.get(key))) {
      if (!dep.startsWith('@backstage/') || pinned.get(dep)) continue;
      pinned.set(dep, packageVersions[dep] ?? lowerBound(range));
      changed = true;
    }
  }
}
const missing = [...pinned].filter(([, v]) => !v).map(([n]) => n);
if (missing.length) {
  console.error(`No version found for: ${missing.join(', ')}`);
  process.exit(1);
}

// 4. Write resolutions and backstage.json.
const pkgPath = join(root, 'package.json');
const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
const resolutions = Object.fromEntries(
  Object.entries(pkg.resolutions ?? {}).filter(
    ([n]) => !n.startsWith('@backstage/'),
  ),
);
for (const [name, version] of [...pinned].sort(([a], [b]) =>
  a.localeCompare(b),
)) {
  resolutions[name] = version;
}
pkg.resolutions = resolutions;
writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
for (const dir of workspaceDirs.filter(d => d !== '.')) {
  const path = join(root, dir, 'package.json');
  let ws;
  try {
    ws = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    continue;
  }
  for (const field of ['dependencies', 'devDependencies']) {
    for (const name of Object.keys(ws[field] ?? {})) {
      if (name.startsWith('@backstage/') && pinned.get(name))
        ws[field][name] = `^${pinned.get(name)}`;
    }
  }
  writeFileSync(path, `${JSON.stringify(ws, null, 2)}\n`);
}
writeFileSync(
  join(root, 'backstage.json'),
  `${JSON.stringify({ version: release }, null, 2)}\n`,
);
console.log(`Pinned ${pinned.size} @backstage packages to release ${release}.`);
