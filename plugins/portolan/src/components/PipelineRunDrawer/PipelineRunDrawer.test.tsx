import { getCompoundEntityRef, type Entity } from '@backstage/catalog-model';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PipelineRun } from '@portolan/plugin-portolan-common';
import { paymentsEntity, storefrontEntity } from '../../__fixtures__/entity';
import {
  failedTektonRun,
  jenkinsXRun,
  succeededTektonRun,
} from '../../__fixtures__/entityView';
import {
  BackendFailure,
  expectStatusesReadable,
  renderPortolan,
  type RenderPortolanOptions,
} from '../../__testUtils__/renderPortolan';
import { expectErrorPanel } from '../../__testUtils__/viewStates';
import { PipelineRunDrawer } from './PipelineRunDrawer';

const storefront = getCompoundEntityRef(storefrontEntity);

/** Opens the drawer on `run`, by default for storefront-web. */
function renderDrawer(
  run: PipelineRun,
  options: Omit<RenderPortolanOptions, 'entity'> & {
    entity?: Entity;
    onClose?(): void;
  } = {},
) {
  const { entity = storefrontEntity, onClose = () => {}, ...rest } = options;
  return renderPortolan(
    <PipelineRunDrawer
      run={run}
      entityRef={getCompoundEntityRef(entity)}
      onClose={onClose}
    />,
    { ...rest, entity },
  );
}

describe('PipelineRunDrawer', () => {
  it('shows tasks, steps with status, exit codes and reasons', async () => {
    await renderDrawer(failedTektonRun);
    const drawer = await screen.findByRole('dialog', {
      name: 'Pipeline run storefront-web-build-8',
    });
    const task = within(drawer).getByRole('region', {
      name: 'Task unit-tests',
    });
    expect(within(task).getAllByText('Failed').length).toBeGreaterThan(0);
    expect(within(task).getByText('runs Task npm-test')).toBeInTheDocument();
    expect(within(task).getByLabelText('Exit code 1')).toBeInTheDocument();
    expect(within(task).getByText('Error')).toBeInTheDocument();
    expect(
      within(task).getByText('"step-test" exited with code 1'),
    ).toBeInTheDocument();
    const skipped = within(drawer).getByRole('region', { name: 'Task build' });
    expect(within(skipped).getByText('Skipped')).toBeInTheDocument();
    expect(within(skipped).queryByText(/runs Task/)).not.toBeInTheDocument();
    expect(within(skipped).getByText('No steps recorded.')).toBeInTheDocument();
    expectStatusesReadable(drawer);
  });

  it('reads a step log through the logs route', async () => {
    const { api } = await renderDrawer(succeededTektonRun, {
      answers: {
        getPodLog: {
          entityRef: 'component:default/storefront-web',
          cluster: 'doks-tools',
          namespace: 'ci',
          pod: 'storefront-web-build-7-build-pod',
          container: 'step-create',
          tailLines: 500,
          truncated: false,
          log: '===> BUILDING\nPaketo Node.js Buildpack 3.2.1',
        },
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show log of step create' }),
    );
    const log = await screen.findByRole('log', { name: 'Log of step create' });
    expect(log).toHaveTextContent('Paketo Node.js Buildpack 3.2.1');
    expect(api.getPodLog).toHaveBeenCalledWith(storefront, {
      cluster: 'doks-tools',
      namespace: 'ci',
      pod: 'storefront-web-build-7-build-pod',
      container: 'step-create',
      tailLines: 500,
    });
  });

  it('shows the backend’s message when a log cannot be read', async () => {
    await renderDrawer(succeededTektonRun, {
      answers: {
        getPodLog: new BackendFailure(
          409,
          'ConflictError',
          'Container step-create is waiting to start: PodInitializing',
        ),
      },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Show log of step create' }),
    );
    await expectErrorPanel(
      /Could not read the log of step create/,
      /waiting to start: PodInitializing/,
    );
  });

  it('hides logs with a clear message when the permission is denied', async () => {
    const { api } = await renderDrawer(succeededTektonRun, {
      permission: 'deny',
      entity: paymentsEntity,
    });
    const notice = await screen.findByLabelText('Logs hidden');
    expect(notice).toHaveTextContent(
      'you do not have the portolan.logs.read permission on component:default/payments-api',
    );
    expect(screen.queryByRole('button', { name: /Show log/ })).toBeNull();
    expect(screen.getAllByText('Hidden').length).toBe(2);
    expect(api.getPodLog).not.toHaveBeenCalled();
  });

  it('explains why Jenkins X steps have no pod log', async () => {
    await renderDrawer(jenkinsXRun);
    const drawer = await screen.findByRole('dialog');
    expect(within(drawer).getByText('Jenkins X')).toBeInTheDocument();
    expect(
      within(drawer).getAllByText(
        /Jenkins X keeps step logs in its own storage/,
      ).length,
    ).toBe(2);
    expect(within(drawer).getByText('promote')).toBeInTheDocument();
    expect(
      within(drawer).getByRole('link', { name: /pull request/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/jx-staging/pull/303');
  });

  it('closes', async () => {
    const onClose = jest.fn();
    await renderDrawer(succeededTektonRun, { onClose });
    await userEvent.click(await screen.findByRole('button', { name: 'Close' }));
    await waitFor(() => expect(onClose).toHaveBeenCalled());
  });
});
