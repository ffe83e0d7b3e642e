/*
 * The configuration a production deployment really runs with: the files the
 * README names (app-config.yaml + app-config.production.yaml) merged by
 * Backstage's own config loader, which deep-merges objects, so anything
 * demo-only left in the base file would reach production. Also checks that
 * the demo (`./portolan start`: app-config.yaml + app-config.demo.yaml) still
 * has what the demo needs. Never reads the process environment.
 */
import { ConfigSources } from '@backstage/config-loader';
import type { Config } from '@backstage/config';
import path from 'node:path';
import { repoRoot } from '../exampleBackend';

async function load(files: string[]): Promise<Config & { close(): void }> {
  const source = ConfigSources.default({
    rootDir: repoRoot,
    watch: false,
    argv: files.flatMap(f => ['--config', path.join(repoRoot, f)]),
    // No APP_CONFIG_* of the shell running the tests.
    env: {},
    substitutionFunc: async name => `substituted-${name}`,
  });
  return ConfigSources.toConfig(source);
}

/** Every `path = value` leaf of the merged config, for whole-tree checks. */
function leaves(value: unknown | undefined, at = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => leaves(v, `${at}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      leaves(v, at ? `${at}.${k}` : k),
    );
  }
  return value === undefined ? [] : [[at, value]];
}

describe('the merged production config (app-config.yaml + app-config.production.yaml)', () => {
  let config: Config & { close(): void };
  beforeAll(async () => {
    config = await load(['app-config.yaml', 'app-config.production.yaml']);
  });
  afterAll(() => config.close());

  it('has no guest sign-in, nor any provider allowed outside development', () => {
    expect(config.getString('auth.environment')).toBe('production');
    expect(
      config.getOptionalConfig('auth.providers')?.keys() ?? [],
    ).not.toContain('guest');
    const all = leaves(config.get());
    expect(
      all.filter(([p]) => /dangerouslyAllowOutsideDevelopment/.test(p)),
    ).toEqual([]);
  });

  it('has no demo cluster and never skips TLS verification', () => {
    const methods =
      config.getOptionalConfigArray('portolan.clusterLocatorMethods') ?? [];
    expect(methods.map(m => m.getString('type'))).not.toContain('demo');
    const kubernetesClusters = (
      config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
    ).flatMap(m => m.getOptionalConfigArray('clusters') ?? []);
    expect(kubernetesClusters).toEqual([]);
    const all = leaves(config.get());
    expect(all.filter(([p]) => /skipTLSVerify/i.test(p))).toEqual([]);
    expect(
      all.filter(([, v]) => /127\.0\.0\.1|localhost:164/.test(String(v))),
    ).toEqual([]);
  });

  it('has no local publish target, no demo catalog and discovery off', () => {
    expect(config.getOptional('portolan.scaffolder.localGit')).toBeUndefined();
    const all = leaves(config.get());
    expect(all.filter(([p]) => /baseDir/.test(p))).toEqual([]);
    expect(config.getOptionalConfigArray('catalog.locations') ?? []).toEqual(
      [],
    );
    expect(
      config.getOptionalBoolean('portolan.discovery.enabled') ?? false,
    ).toBe(false);
  });

  it('seeds no demo history and keeps no history file of the demo', () => {
    expect(config.getOptional('portolan.history.demoSeed')).toBeUndefined();
    expect(
      config.getOptional('backend.database.plugin.portolan'),
    ).toBeUndefined();
  });
});

describe('the demo config (app-config.yaml + app-config.demo.yaml, as ./portolan start loads it)', () => {
  let config: Config & { close(): void };
  beforeAll(async () => {
    config = await load(['app-config.yaml', 'app-config.demo.yaml']);
  });
  afterAll(() => config.close());

  it('keeps everything the demo needs', () => {
    expect(config.getString('auth.providers.guest.userEntityRef')).toBe(
      'user:default/guest',
    );
    expect(
      config
        .getConfigArray('portolan.clusterLocatorMethods')
        .map(m => m.getString('type')),
    ).toEqual(['demo']);
    expect(
      config.getString('portolan.scaffolder.localGit.baseDir'),
    ).toBeTruthy();
    expect(config.getBoolean('portolan.discovery.enabled')).toBe(true);
    expect(config.getConfigArray('catalog.locations')).toHaveLength(1);
    expect(config.getNumber('backend.listen.port')).toBe(7007);
    // History survives a restart of the demo, in the git-ignored .portolan/.
    expect(
      config.getString('backend.database.plugin.portolan.connection.filename'),
    ).toBe('../../.portolan/portolan-history.sqlite');
    expect(config.getString('backend.database.client')).toBe('better-sqlite3');
    expect(config.getString('portolan.history.demoSeed.cluster')).toBe(
      'doks-tools',
    );
  });
});
