import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { runsHistoryPage1, runsHistoryPage2 } from '../../__fixtures__/dora';
import {
  expectStatusesReadable,
  mockPortolanApi,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { EntityHistory, HISTORY_PAGE_SIZE } from './EntityHistory';

const storefront = {
  kind: 'Component',
  namespace: 'default',
  name: 'storefront-web',
};

function rows(): string[][] {
  const table = screen.getByRole('table', { name: 'Delivery history' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(c => c.textContent ?? ''),
    );
}

describe('EntityHistory', () => {
  function historyApi() {
    return mockPortolanApi({
      getEntityHistory: jest.fn(async (_ref, query) =>
        query.cursor === 'cursor-2' ? runsHistoryPage2 : runsHistoryPage1,
      ),
    });
  }

  it('lists stored runs newest first, marks what the cluster pruned, pages back and forth', async () => {
    const api = historyApi();
    const { container } = await renderPortolan(
      <EntityHistory entityRef={storefront} />,
      { api },
    );
    await screen.findByRole('table', { name: 'Delivery history' });
    expect(rows().map(r => [r[0], r[1], r[5]])).toEqual([
      [
        'storefront-web-build-42PipelineRun · tekton',
        'Failed',
        'In the cluster',
      ],
      [
        'storefront-web-build-41PipelineRun · tekton',
        'Succeeded',
        'Pruned from the cluster',
      ],
    ]);
    expect(api.getEntityHistory).toHaveBeenLastCalledWith(
      storefront,
      {
        type: 'pipelineRuns',
        since: undefined,
        until: undefined,
        cursor: undefined,
        limit: HISTORY_PAGE_SIZE,
      },
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    expect(screen.getByRole('button', { name: 'Newer' })).toBeDisabled();
    expectStatusesReadable(container);

    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    await waitFor(() =>
      expect(rows().map(r => r[0])).toEqual([
        'storefront-web-build-1Build · kpack',
      ]),
    );
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Older' })).toBeDisabled();

    fireEvent.click(screen.getByRole('button', { name: 'Newer' }));
    await waitFor(() => expect(rows()).toHaveLength(2));
    expect(screen.getByText('Page 1')).toBeInTheDocument();
  });

  it('asks for the date range picked, from the first page', async () => {
    const api = historyApi();
    await renderPortolan(<EntityHistory entityRef={storefront} />, { api });
    await screen.findByRole('table', { name: 'Delivery history' });
    fireEvent.click(screen.getByRole('button', { name: 'Older' }));
    await screen.findByText('Page 2');
    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2025-01-10' },
    });
    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2025-01-25' },
    });
    await waitFor(() =>
      expect(api.getEntityHistory).toHaveBeenLastCalledWith(
        storefront,
        expect.objectContaining({
          since: '2025-01-10T00:00:00.000Z',
          until: '2025-01-25T23:59:59.999Z',
          cursor: undefined,
        }),
        expect.anything(),
      ),
    );
    expect(await screen.findByText('Page 1')).toBeInTheDocument();
  });

  it('says when nothing is recorded, and why history is not available', async () => {
    await renderPortolan(<EntityHistory entityRef={storefront} />);
    expect(
      await screen.findByText(
        'No history recorded for this service in this range yet.',
      ),
    ).toBeInTheDocument();
  });
});
