import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { portolanApiRef } from '../api';
import { storefrontEntity } from '../__fixtures__/entity';
import { mockPortolanApi } from '../__testUtils__/renderPortolan';
import portolanPlugin from './index';
import {
  portolanClustersPage,
  portolanDeliveryContent,
  portolanDoraCard,
  portolanDoraPage,
  portolanDeploymentsCard,
  portolanImageCard,
  portolanOnboardingCard,
  portolanPipelineCard,
} from './plugin';

/** Renders an entity extension on storefront-web's page, with the demo API. */
function renderOnStorefront(
  extension: Parameters<typeof createExtensionTester>[0],
) {
  const tester = createExtensionTester(extension);
  renderInTestApp(
    <EntityProvider entity={storefrontEntity}>
      {tester.reactElement()}
    </EntityProvider>,
    { apis: [[portolanApiRef, mockPortolanApi()]] },
  );
}

describe('the new frontend system plugin', () => {
  it('is the portolan plugin with its extensions', () => {
    expect(portolanPlugin.id).toBe('portolan');
    for (const id of [
      'api:portolan',
      'page:portolan',
      'entity-content:portolan/delivery',
      'entity-card:portolan/pipelines',
      'entity-card:portolan/deployments',
      'entity-card:portolan/images',
      'entity-card:portolan/onboarding',
      'entity-card:portolan/dora',
      'page:portolan/dora',
    ]) {
      expect(portolanPlugin.getExtension(id as any)).toBeDefined();
    }
  });

  it('creates the clusters page at /portolan/clusters, with a title and icon for the sidebar', () => {
    const tester = createExtensionTester(portolanClustersPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/portolan/clusters');
    expect(tester.get(coreExtensionData.title)).toBe('Clusters');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBeDefined();
  });

  it('creates the fleet DORA page at /portolan/dora with a title and icon, and the DORA card for Components', () => {
    const page = createExtensionTester(portolanDoraPage);
    expect(page.get(coreExtensionData.routePath)).toBe('/portolan/dora');
    expect(page.get(coreExtensionData.title)).toBe('DORA metrics');
    expect(page.get(coreExtensionData.icon)).toBeDefined();
    const filter = createExtensionTester(portolanDoraCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(storefrontEntity)).toBe(true);
    expect(filter({ ...storefrontEntity, kind: 'Group' })).toBe(false);
  });

  it('creates the Delivery tab for Components only', () => {
    const tester = createExtensionTester(portolanDeliveryContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/delivery');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Delivery');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(storefrontEntity)).toBe(true);
    expect(filter({ ...storefrontEntity, kind: 'System' })).toBe(false);
  });

  it('creates the four overview cards for Components', () => {
    const filters = [
      createExtensionTester(portolanPipelineCard),
      createExtensionTester(portolanDeploymentsCard),
      createExtensionTester(portolanImageCard),
      createExtensionTester(portolanOnboardingCard),
    ].map(tester => tester.get(EntityCardBlueprint.dataRefs.filterFunction)!);
    for (const filter of filters) {
      expect(filter(storefrontEntity)).toBe(true);
      expect(filter({ ...storefrontEntity, kind: 'Group' })).toBe(false);
    }
  });

  it('renders the onboarding card through the extension', async () => {
    renderOnStorefront(portolanOnboardingCard);
    expect(
      await screen.findByRole('list', { name: 'Onboarding steps' }),
    ).toBeInTheDocument();
    expect(screen.getByText('3 of 6 steps met')).toBeInTheDocument();
  });

  it('renders the Delivery tab through the extension', async () => {
    renderOnStorefront(portolanDeliveryContent);
    expect(
      await screen.findByRole('table', { name: 'Delivery timeline' }),
    ).toBeInTheDocument();
  });
});
