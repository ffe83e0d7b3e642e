import { mockCredentials } from '@backstage/backend-test-utils';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  portolanClustersReadPermission,
  portolanEntityReadPermission,
  portolanLogsReadPermission,
} from '@portolan/plugin-portolan-common';
import { PortolanPermissionPolicy } from './permissionPolicy';

// Group membership as the catalog would resolve it at sign-in.
const ownership: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-payments'],
  'user:default/carol': ['user:default/carol', 'group:default/team-storefront'],
};

describe('PortolanPermissionPolicy', () => {
  const policy = new PortolanPermissionPolicy();
  const user = {
    credentials: mockCredentials.user('user:default/carol'),
    info: {
      userEntityRef: 'user:default/carol',
      ownershipEntityRefs: ownership['user:default/carol'],
    },
  };

  it('lets signed-in users read clusters and entity views', async () => {
    for (const permission of [
      portolanClustersReadPermission,
      portolanEntityReadPermission,
    ]) {
      await expect(policy.handle({ permission }, user)).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    }
  });

  it('denies everything Portolan guards to an unauthenticated caller', async () => {
    for (const permission of [
      portolanClustersReadPermission,
      portolanEntityReadPermission,
      portolanLogsReadPermission,
    ]) {
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('makes catalog deletes conditional on owning the entity', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      user,
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { rule: 'IS_ENTITY_OWNER' },
    });
  });

  it('makes logs conditional on owning the entity', async () => {
    const decision = await policy.handle(
      { permission: portolanLogsReadPermission },
      user,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ownership['user:default/carol'] },
      },
    });
  });
});
