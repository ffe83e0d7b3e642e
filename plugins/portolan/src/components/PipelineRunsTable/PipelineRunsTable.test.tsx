import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { storefrontView } from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { PipelineRunsTable } from './PipelineRunsTable';

async function choose(filter: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(`Filter by ${filter}`));
  const listbox = await screen.findByRole('listbox');
  await userEvent.click(within(listbox).getByText(option));
}

function runNames(): string[] {
  return screen
    .getAllByRole('button', { name: /^Open run / })
    .map(b => b.textContent ?? '');
}

describe('PipelineRunsTable', () => {
  it('lists runs from Tekton and Jenkins X, newest first', async () => {
    const { container } = await renderPortolan(
      <PipelineRunsTable
        runs={storefrontView.pipelineRuns}
        selection={storefrontView.selection}
        onOpenRun={() => {}}
      />,
    );
    expect(runNames()).toEqual([
      'storefront-web-build-8',
      'storefront-web-build-7',
      'acme-storefront-web-main-3',
    ]);
    expect(screen.getAllByText('Tekton').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Jenkins X').length).toBeGreaterThan(0);
    expect(screen.getByText('3 runs')).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('filters by system, status, cluster and branch', async () => {
    await renderPortolan(
      <PipelineRunsTable
        runs={storefrontView.pipelineRuns}
        selection={storefrontView.selection}
        onOpenRun={() => {}}
      />,
    );
    await choose('system', 'Jenkins X');
    expect(runNames()).toEqual(['acme-storefront-web-main-3']);
    expect(screen.getByText('1 of 3 runs')).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await choose('status', 'Failed');
    expect(runNames()).toEqual(['storefront-web-build-8']);

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await choose('branch', 'main');
    expect(runNames()).toEqual([
      'storefront-web-build-7',
      'acme-storefront-web-main-3',
    ]);
    await choose('cluster', 'doks-tools');
    expect(runNames()).toEqual(['storefront-web-build-7']);
    await choose('system', 'Jenkins X');
    expect(screen.getByRole('note')).toHaveTextContent(
      'No runs match these filters.',
    );
  });

  it('opens a run', async () => {
    const onOpenRun = jest.fn();
    await renderPortolan(
      <PipelineRunsTable
        runs={storefrontView.pipelineRuns}
        onOpenRun={onOpenRun}
      />,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Open run storefront-web-build-7' }),
    );
    expect(onOpenRun).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'storefront-web-build-7' }),
    );
  });

  it('guides when no run matches the entity', async () => {
    await renderPortolan(
      <PipelineRunsTable
        runs={[]}
        selection={storefrontView.selection}
        onOpenRun={() => {}}
      />,
    );
    expect(screen.getByRole('note')).toHaveTextContent(
      'label your PipelineRuns backstage.io/kubernetes-id=storefront-web',
    );
  });

  it('says when no pipeline source is registered', async () => {
    await renderPortolan(<PipelineRunsTable onOpenRun={() => {}} />);
    expect(screen.getByRole('note')).toHaveTextContent(
      'No pipeline source (Tekton, Jenkins X) is registered',
    );
  });
});
