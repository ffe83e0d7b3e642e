import { screen, within } from '@testing-library/react';
import { emptyView, partialView } from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  renderPortolan,
  unavailable,
} from '../../__testUtils__/renderPortolan';
import {
  expectErrorPanel,
  expectNote,
  expectPartialAnswer,
} from '../../__testUtils__/viewStates';
import { EntityPipelineCard } from './EntityPipelineCard';

describe('EntityPipelineCard', () => {
  it('shows the latest run with its tasks, then earlier runs', async () => {
    const { container } = await renderPortolan(<EntityPipelineCard />);
    const latest = await screen.findByText('storefront-web-build-8');
    const line = latest.closest('[data-run]') as HTMLElement;
    expect(within(line).getByText('Failed')).toBeInTheDocument();
    expect(within(line).getByText('Tekton')).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'Tasks of storefront-web-build-8' }),
    ).toHaveTextContent('unit-tests: Failed (1m 30s)');
    const earlier = screen.getByRole('list', { name: 'Earlier runs' });
    expect(
      within(earlier).getByText('storefront-web-build-7'),
    ).toBeInTheDocument();
    expect(within(earlier).getByText('Jenkins X')).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('guides when no runs match', async () => {
    await renderPortolan(<EntityPipelineCard />, {
      answers: { getEntityView: emptyView },
    });
    await expectNote('No Tekton or Jenkins X runs match');
  });

  it('says which cluster is missing from a partial answer', async () => {
    await renderPortolan(<EntityPipelineCard />, {
      answers: { getEntityView: partialView },
    });
    await expectPartialAnswer('Partial: eks-prod-us unreachable');
  });

  it('shows the backend’s error', async () => {
    await renderPortolan(<EntityPipelineCard />, {
      answers: { getEntityView: unavailable('Portolan is starting') },
    });
    await expectErrorPanel(/Could not load pipelines/, /Portolan is starting/);
  });
});
