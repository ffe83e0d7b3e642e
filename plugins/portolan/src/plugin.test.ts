import {
  EntityPortolanDeliveryContent,
  EntityPortolanDeploymentsCard,
  EntityPortolanImageCard,
  EntityPortolanOnboardingCard,
  EntityPortolanPipelineCard,
  PortolanClustersPage,
  portolanPlugin,
} from './index';

describe('legacy exports', () => {
  it('provide the plugin, its API and its extensions', () => {
    expect(portolanPlugin.getId()).toBe('portolan');
    expect([...portolanPlugin.getApis()].map(f => f.api.id)).toEqual([
      'plugin.portolan.api',
    ]);
    for (const extension of [
      PortolanClustersPage,
      EntityPortolanDeliveryContent,
      EntityPortolanPipelineCard,
      EntityPortolanDeploymentsCard,
      EntityPortolanImageCard,
      EntityPortolanOnboardingCard,
    ]) {
      expect(typeof extension).toBe('function');
    }
  });
});
