import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { demoProfiles } from '../../__fixtures__/clusters';
import {
  SHA_A,
  SHA_B,
  SHA_C,
  emptyView,
  kpackImage,
  partialView,
  storefrontView,
} from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { byData } from '../../__testUtils__/viewStates';
import type { PortolanEntityView } from '../../api';
import {
  DeliveryTimeline,
  type DeliveryTimelineProps,
} from './DeliveryTimeline';

function renderTimeline(
  view: PortolanEntityView,
  options: Partial<Omit<DeliveryTimelineProps, 'view'>> = {},
) {
  return renderPortolan(
    <DeliveryTimeline
      view={view}
      profiles={options.profiles ?? demoProfiles}
      onOpenRun={options.onOpenRun ?? (() => {})}
    />,
  );
}

function row(sha: string): HTMLElement {
  return byData('sha', sha);
}

describe('DeliveryTimeline', () => {
  it('reads each commit from run to image to deployment to clusters', async () => {
    const { container } = await renderTimeline(storefrontView);
    const deployed = within(row(SHA_A));
    expect(deployed.getByRole('link', { name: /3f2a9c1/ })).toHaveAttribute(
      'href',
      `https://github.com/acme/storefront-web/commit/${SHA_A}`,
    );
    expect(
      deployed.getByText('Add gift cards to checkout'),
    ).toBeInTheDocument();
    expect(deployed.getByText('Tekton')).toBeInTheDocument();
    expect(deployed.getByText('Succeeded')).toBeInTheDocument();
    expect(deployed.getByText('3m 20s')).toBeInTheDocument();
    expect(
      deployed.getByRole('list', { name: 'Tasks of storefront-web-build-7' }),
    ).toHaveTextContent('Build with buildpacks: Succeeded (3m 0s)');
    expect(
      deployed.getByLabelText('Built with Cloud Native Buildpacks'),
    ).toBeInTheDocument();
    expect(deployed.getByText('Rebase available')).toBeInTheDocument();
    expect(deployed.getByText('Argo CD')).toBeInTheDocument();
    expect(deployed.getByText('storefront-web-prod')).toBeInTheDocument();
    expect(deployed.getByText('Synced')).toBeInTheDocument();
    expect(deployed.getByText('Healthy')).toBeInTheDocument();
    // Running now: provider badges with accessible names.
    expect(
      deployed.getAllByLabelText(/^Provider GKE: Google Kubernetes Engine/)
        .length,
    ).toBe(2);
    expect(
      deployed.getByLabelText(/^Provider EKS: Amazon EKS/),
    ).toBeInTheDocument();
    expect(deployed.getByText('(3 pods)')).toBeInTheDocument();
    expect(deployed.getByText('(1 pod)')).toBeInTheDocument();

    const failed = within(row(SHA_B));
    expect(failed.getByText('Failed')).toBeInTheDocument();
    expect(failed.getByText('No image recorded')).toBeInTheDocument();
    expect(failed.getByText('Not deployed')).toBeInTheDocument();
    expect(failed.getByText('Not running anywhere now')).toBeInTheDocument();

    const jx = within(row(SHA_C));
    expect(jx.getByText('Jenkins X')).toBeInTheDocument();
    expect(
      jx.queryByLabelText('Built with Cloud Native Buildpacks'),
    ).toBeNull();
    expectStatusesReadable(container);
  });

  it('opens the full run record', async () => {
    const onOpenRun = jest.fn();
    await renderTimeline(storefrontView, { onOpenRun });
    await userEvent.click(
      screen.getByRole('button', { name: 'Open run storefront-web-build-8' }),
    );
    expect(onOpenRun).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'storefront-web-build-8',
        tasks: expect.any(Array),
      }),
    );
  });

  it('says the provider is not known when the fleet cannot be read', async () => {
    await renderTimeline(storefrontView, { profiles: new Map() });
    expect(
      within(row(SHA_A)).getAllByLabelText('Provider not known yet').length,
    ).toBeGreaterThan(0);
  });

  it('flags a cluster that is not up to date where the commit runs', async () => {
    await renderTimeline(partialView);
    expect(
      within(row(SHA_A)).getByRole('img', {
        name: 'Unreachable: eks-prod-us is not up to date',
      }),
    ).toBeInTheDocument();
  });

  it('points kpack-built services to their builds', async () => {
    await renderTimeline({ ...emptyView, kpackImages: [kpackImage] });
    expect(screen.getAllByRole('note')[0]).toHaveTextContent(
      'kpack builds this service',
    );
  });

  it('guides when there are no commits', async () => {
    await renderTimeline(emptyView);
    expect(screen.getByRole('note')).toHaveTextContent(
      'Label your PipelineRuns backstage.io/kubernetes-id=storefront-web',
    );
  });
});
