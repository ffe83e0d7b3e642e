import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_EXCLUDED_NAMESPACES,
  readDiscoveryConfig,
} from './readDiscoveryConfig';

/** A config value, as ConfigReader takes it. */
type ConfigValue = NonNullable<
  ConstructorParameters<typeof ConfigReader>[0]
>[string];

function read(discovery: ConfigValue) {
  return readDiscoveryConfig(new ConfigReader({ portolan: { discovery } }));
}

describe('readDiscoveryConfig', () => {
  it('is off by default, leaving out the platform namespaces, without a default owner', () => {
    const settings = readDiscoveryConfig(new ConfigReader({}));
    expect(settings).toEqual({
      enabled: false,
      schedule: expect.objectContaining({ frequency: { minutes: 1 } }),
      excludeNamespaces: DEFAULT_EXCLUDED_NAMESPACES,
      lifecycle: 'production',
    });
    expect(DEFAULT_EXCLUDED_NAMESPACES).toEqual(
      expect.arrayContaining(['kube-*', 'tekton-*', 'argocd', 'jx', 'kpack']),
    );
    // jx-staging and jx-production run the services Jenkins X deploys.
    expect(DEFAULT_EXCLUDED_NAMESPACES).not.toContain('jx-*');
  });

  it('takes namespace names and globs, replacing the default', () => {
    expect(
      read({ excludeNamespaces: ['kube-*', 'monitoring', '*-system'] })
        .excludeNamespaces,
    ).toEqual(['kube-*', 'monitoring', '*-system']);
    expect(read({ excludeNamespaces: [] }).excludeNamespaces).toEqual([]);
  });

  it.each([
    [
      'Kube-System',
      /excludeNamespaces\[1\] 'Kube-System': must be a namespace name or a glob/,
    ],
    ['kube_*', /excludeNamespaces\[1\] 'kube_\*'/],
    ['-system', /excludeNamespaces\[1\] '-system'/],
    [
      'a'.repeat(64),
      /excludeNamespaces\[1\] 'a+': must be at most 63 characters/,
    ],
  ])('refuses the namespace pattern %j, naming the key', (pattern, message) => {
    expect(() => read({ excludeNamespaces: ['argocd', pattern] })).toThrow(
      message,
    );
    expect(() => read({ excludeNamespaces: ['argocd', pattern] })).toThrow(
      /^Invalid portolan\.discovery\.excludeNamespaces\[1\]/,
    );
  });

  it('refuses excludeNamespaces that is not a list, naming the key', () => {
    expect(() => read({ excludeNamespaces: 'kube-system' })).toThrow(
      /portolan\.discovery\.excludeNamespaces/,
    );
  });

  it.each([
    ['platform-team', 'group:default/platform-team'],
    ['group:platform-team', 'group:default/platform-team'],
    ['Group:ops/sre', 'group:ops/sre'],
    ['user:default/dave', 'user:default/dave'],
  ])('reads the default owner %j as %j', (owner, ref) => {
    expect(read({ defaultOwner: owner }).defaultOwner).toBe(ref);
  });

  it.each([
    ['component:default/payments-api', /a Group or a User, not a component/],
    ['group:default/', /defaultOwner 'group:default\/'/],
    ['team payments', /not an entity ref/],
  ])('refuses the default owner %j, naming the key', (owner, message) => {
    expect(() => read({ defaultOwner: owner })).toThrow(message);
    expect(() => read({ defaultOwner: owner })).toThrow(
      /^Invalid portolan\.discovery\.defaultOwner '/,
    );
  });

  it('checks the settings even when discovery is off', () => {
    expect(() => read({ enabled: false, excludeNamespaces: ['KUBE'] })).toThrow(
      /portolan\.discovery\.excludeNamespaces\[0\]/,
    );
  });

  it('refuses an empty lifecycle, naming the key', () => {
    expect(() => read({ lifecycle: ' ' })).toThrow(
      'Invalid portolan.discovery.lifecycle: must not be empty',
    );
  });
});
