import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { paymentsEntity } from '../../__fixtures__/entity';
import {
  emptyView,
  partialView,
  storefrontView,
} from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  mockPortolanApi,
  notAllowed,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import {
  expectErrorPanel,
  expectNote,
  expectPartialAnswer,
} from '../../__testUtils__/viewStates';
import { EntityDeliveryContent } from './EntityDeliveryContent';

describe('EntityDeliveryContent', () => {
  it('shows a progress bar until the first answer', async () => {
    const api = mockPortolanApi({
      getEntityView: jest.fn(() => new Promise<never>(() => {})),
    });
    await renderPortolan(<EntityDeliveryContent />, { api });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('asks for the entity by its ref and shows the timeline first', async () => {
    const { api, container } = await renderPortolan(<EntityDeliveryContent />);
    expect(api.getEntityView).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'storefront-web' },
      expect.anything(),
    );
    const timeline = await screen.findByRole('table', {
      name: 'Delivery timeline',
    });
    expect(within(timeline).getAllByText('Tekton').length).toBeGreaterThan(0);
    expect(within(timeline).getByText('Jenkins X')).toBeInTheDocument();
    expect(
      within(timeline).getByText('storefront-web-prod'),
    ).toBeInTheDocument();
    expect(
      within(timeline).getByLabelText('Built with Cloud Native Buildpacks'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/backstage\.io\/kubernetes-id=storefront-web/),
    ).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('switches between the sections', async () => {
    await renderPortolan(<EntityDeliveryContent />);
    await screen.findByRole('table', { name: 'Delivery timeline' });
    await userEvent.click(
      screen.getByRole('tab', { name: /Pipeline runs \(3\)/ }),
    );
    expect(
      screen.getByRole('table', { name: 'Pipeline runs' }),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('tab', { name: /Deployments \(2\)/ }),
    );
    expect(
      screen.getByRole('table', { name: 'Deployments' }),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: /Images/ }));
    expect(screen.getByRole('table', { name: 'Images' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: /Workloads \(3\)/ }));
    expect(
      screen.getByRole('region', { name: 'Workloads on gke-prod-eu' }),
    ).toBeInTheDocument();
  });

  it('names an unreachable cluster inline and keeps the others’ data', async () => {
    await renderPortolan(<EntityDeliveryContent />, {
      answers: { getEntityView: partialView },
    });
    await expectPartialAnswer('5 of 6 clusters up to date');
    const alert = screen.getByLabelText('Partial answer');
    expect(alert).toHaveTextContent('eks-prod-us');
    expect(alert).toHaveTextContent(/Unreachable since/);
    expect(alert).toHaveTextContent('connect ECONNREFUSED 127.0.0.1:6443');
    await userEvent.click(screen.getByRole('tab', { name: /Workloads/ }));
    expect(
      screen.getByRole('region', { name: 'Workloads on gke-prod-eu' }),
    ).toBeInTheDocument();
    const eks = screen.getByRole('region', {
      name: 'Workloads on eks-prod-us',
    });
    expect(within(eks).getByText('Unreachable')).toBeInTheDocument();
  });

  it('shows guidance with the exact label when nothing matches', async () => {
    await renderPortolan(<EntityDeliveryContent />, {
      answers: { getEntityView: emptyView },
    });
    await expectNote('backstage.io/kubernetes-id=storefront-web');
    await userEvent.click(screen.getByRole('tab', { name: /Pipeline runs/ }));
    expect(screen.getByRole('note')).toHaveTextContent(
      'No Tekton or Jenkins X runs match: label your PipelineRuns backstage.io/kubernetes-id=storefront-web or add the github.com/project-slug annotation',
    );
  });

  it('says when the backend has no such section at all', async () => {
    const { timeline, pipelineRuns, ...withoutRuns } = storefrontView;
    await renderPortolan(<EntityDeliveryContent />, {
      answers: { getEntityView: withoutRuns },
    });
    await expectNote('does not link commits yet');
    await userEvent.click(screen.getByRole('tab', { name: /Pipeline runs/ }));
    expect(screen.getByRole('note')).toHaveTextContent(
      'No pipeline source (Tekton, Jenkins X) is registered',
    );
  });

  it('shows the backend’s message when the view is refused', async () => {
    await renderPortolan(<EntityDeliveryContent />, {
      answers: { getEntityView: notAllowed('portolan.entity.read') },
    });
    await expectErrorPanel(
      /Could not load the delivery view/,
      /Not allowed: portolan\.entity\.read/,
    );
  });

  it('opens a run in the drawer and hides logs from users without the permission', async () => {
    // Another entity than the other tests: usePermission caches per resource.
    await renderPortolan(<EntityDeliveryContent />, {
      permission: 'deny',
      entity: paymentsEntity,
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Open run storefront-web-build-8',
      }),
    );
    const drawer = await screen.findByRole('dialog', {
      name: 'Pipeline run storefront-web-build-8',
    });
    await waitFor(() =>
      expect(within(drawer).getByLabelText('Logs hidden')).toHaveTextContent(
        'portolan.logs.read',
      ),
    );
    expect(
      within(drawer).queryByRole('button', { name: /Show log/ }),
    ).not.toBeInTheDocument();
    expect(within(drawer).getByLabelText('Exit code 1')).toBeInTheDocument();
  });
});
