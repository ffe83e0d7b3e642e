import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fleetOnboarding } from '../../__fixtures__/onboarding';
import {
  notAllowed,
  notFound,
  renderPortolan,
  serverError,
  type PortolanAnswers,
} from '../../__testUtils__/renderPortolan';
import { expectErrorPanel, expectNote } from '../../__testUtils__/viewStates';
import { FleetOnboarding } from './FleetOnboarding';

function render(answers: PortolanAnswers = {}) {
  return renderPortolan(<FleetOnboarding />, { answers, entity: null });
}

function serviceRows(): HTMLElement[] {
  const table = screen.getByRole('table', { name: 'Services by onboarding' });
  return within(table).getAllByRole('row').slice(1);
}

function row(entityRef: string): HTMLElement {
  const found = serviceRows().find(
    r => r.getAttribute('data-entity') === entityRef,
  );
  if (!found) throw new Error(`no row for ${entityRef}`);
  return found;
}

describe('FleetOnboarding', () => {
  it('lists the services least complete first, as the backend orders them', async () => {
    await render();
    await screen.findByRole('table', { name: 'Services by onboarding' });
    expect(serviceRows().map(r => r.getAttribute('data-entity'))).toEqual([
      'component:default/kpack-controller',
      'component:default/catalog-service',
      'component:default/payments-api',
    ]);
    expect(
      within(row('component:default/kpack-controller')).getByRole(
        'progressbar',
        { name: '1 of 6 steps met' },
      ),
    ).toHaveAttribute('aria-valuenow', '17');
    expect(row('component:default/catalog-service')).toHaveTextContent('5/6');
    expect(row('component:default/payments-api')).toHaveTextContent('6/6');
  });

  it('links each service, owner and system to its catalog page', async () => {
    await render();
    await screen.findByRole('table', { name: 'Services by onboarding' });
    const catalogService = row('component:default/catalog-service');
    expect(
      within(catalogService).getByRole('link', { name: 'Catalog service' }),
    ).toHaveAttribute('href', '/catalog/default/component/catalog-service');
    const links = within(catalogService)
      .getAllByRole('link')
      .map(a => a.getAttribute('href'));
    expect(links).toEqual([
      '/catalog/default/component/catalog-service',
      '/catalog/default/group/team-storefront',
      '/catalog/default/system/storefront',
    ]);
    expect(
      within(row('component:default/payments-api'))
        .getAllByRole('link')
        .map(a => a.getAttribute('href')),
    ).toContain('/catalog/default/group/team-payments');
  });

  it('marks discovered services and services without an owner', async () => {
    await render();
    await screen.findByRole('table', { name: 'Services by onboarding' });
    const discovered = row('component:default/kpack-controller');
    expect(within(discovered).getByText('Discovered')).toBeInTheDocument();
    expect(within(discovered).getByText('no owner')).toBeInTheDocument();
    expect(
      within(row('component:default/payments-api')).queryByText('Discovered'),
    ).toBeNull();
  });

  it('names every step state in words, with the step it belongs to', async () => {
    await render();
    await screen.findByRole('table', { name: 'Services by onboarding' });
    const catalogService = row('component:default/catalog-service');
    expect(
      within(catalogService).getByRole('img', {
        name: 'Argo CD applications are found, synced and healthy: Not met',
      }),
    ).toBeInTheDocument();
    expect(
      within(catalogService).getByRole('img', {
        name: 'An owner is set: Met',
      }),
    ).toBeInTheDocument();
    expect(
      within(row('component:default/kpack-controller')).getByRole('img', {
        name: 'The running image is built by buildpacks and up to date: Unknown',
      }),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Services by onboarding' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Service',
      'Owner',
      'System',
      'Completeness',
      'Owner set',
      'Workloads',
      'Pipelines',
      'Image',
      'Argo CD',
      'Logs',
    ]);
  });

  it('shows the totals and how many services meet each step', async () => {
    await render();
    const totals = await screen.findByLabelText('Onboarding totals');
    expect(
      within(totals)
        .getAllByRole('term')
        .map(term => [term.textContent, term.nextElementSibling?.textContent]),
    ).toEqual([
      ['services', '3'],
      ['fully onboarded', '1'],
      ['with a step not met', '2'],
    ]);
    const steps = screen.getByRole('table', {
      name: 'Onboarding steps across the fleet',
    });
    const argocd = steps.querySelector('[data-step="argocd"]') as HTMLElement;
    expect(
      within(argocd)
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual([
      'Argo CD applications are found, synced and healthy',
      '1/3',
      '2',
      '0',
    ]);
    expect(
      within(steps).getByRole('progressbar', {
        name: 'Workloads run on a cluster: 3 of 3 services',
      }),
    ).toHaveAttribute('aria-valuenow', '100');
  });

  it('filters the services by owner', async () => {
    await render();
    const owner = await screen.findByLabelText('Owner');
    expect(
      within(owner)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All owners', 'team-payments', 'team-storefront', 'No owner']);
    await userEvent.selectOptions(owner, 'team-storefront');
    expect(serviceRows().map(r => r.getAttribute('data-entity'))).toEqual([
      'component:default/catalog-service',
    ]);
    expect(screen.getByText('Showing 1 of 3 services.')).toBeInTheDocument();
    await userEvent.selectOptions(owner, 'No owner');
    expect(serviceRows().map(r => r.getAttribute('data-entity'))).toEqual([
      'component:default/kpack-controller',
    ]);
    await userEvent.selectOptions(owner, 'All owners');
    expect(serviceRows()).toHaveLength(3);
  });

  it('explains an empty fleet', async () => {
    await render({
      getFleetOnboarding: {
        ...fleetOnboarding,
        services: [],
        totals: { services: 0, complete: 0, needHelp: 0 },
      },
    });
    await expectNote(
      'No services to show: the fleet view lists the catalog’s Components of spec.type: service that you may read.',
    );
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('says the view is hidden when the user may not read the fleet', async () => {
    await render({ getFleetOnboarding: notAllowed('portolan.clusters.read') });
    expect(await screen.findByLabelText('Onboarding hidden')).toHaveTextContent(
      'You may not read the fleet’s onboarding: Not allowed: portolan.clusters.read.',
    );
  });

  it('says when the backend does not serve the fleet view', async () => {
    await render({ getFleetOnboarding: notFound() });
    await expectNote(
      'This Portolan backend does not serve GET /api/portolan/onboarding yet',
    );
  });

  it('shows the backend’s error', async () => {
    await render({ getFleetOnboarding: serverError('catalog unavailable') });
    await expectErrorPanel(
      /Could not load the fleet’s onboarding/,
      /catalog unavailable/,
    );
  });
});
