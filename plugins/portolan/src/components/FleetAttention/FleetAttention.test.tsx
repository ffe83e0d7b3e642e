import { screen, within } from '@testing-library/react';
import {
  failedTektonRun,
  buildpacksImages,
} from '../../__fixtures__/entityView';
import {
  notFound,
  renderPortolan,
  serverError,
  type PortolanAnswers,
} from '../../__testUtils__/renderPortolan';
import { expectBackendMessage } from '../../__testUtils__/viewStates';
import { FleetAttention } from './FleetAttention';

function render(answers: PortolanAnswers) {
  return renderPortolan(<FleetAttention />, { answers, entity: null });
}

describe('FleetAttention', () => {
  it('lists failing pipelines and images needing a rebase with their services', async () => {
    const { api } = await render({
      getPipelineRuns: {
        items: [
          { ...failedTektonRun, entityRef: 'component:default/storefront-web' },
        ],
        generatedAt: '2025-01-31T12:00:00Z',
        entities: 9,
        total: 12,
        truncated: true,
        partial: true,
        errors: [
          {
            entityRef: 'component:default/search-indexer',
            message: 'cluster doks-tools is stale',
          },
        ],
      },
      getImages: {
        items: [
          {
            ...buildpacksImages[0],
            entityRef: 'component:default/storefront-web',
          },
        ],
        generatedAt: '2025-01-31T12:00:00Z',
        entities: 9,
        partial: true,
        errors: [
          {
            entityRef: 'component:default/ledger',
            message: 'registry timeout',
          },
        ],
      },
    });
    const failing = await screen.findByRole('table', {
      name: 'Failing pipelines',
    });
    expect(
      within(failing).getByText('storefront-web-build-8'),
    ).toBeInTheDocument();
    expect(within(failing).getByText('Failed')).toBeInTheDocument();
    expect(screen.getByText('Showing the newest 1 of 12.')).toBeInTheDocument();
    expect(
      screen.getByText(
        /component:default\/search-indexer: cluster doks-tools is stale/,
      ),
    ).toBeInTheDocument();
    const rebase = await screen.findByRole('table', {
      name: 'Images needing a rebase',
    });
    expect(within(rebase).getByText('Rebase available')).toBeInTheDocument();
    expect(
      within(rebase).getByText('paketobuildpacks/run-jammy-base:latest'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/component:default\/ledger: registry timeout/),
    ).toBeInTheDocument();
    expect(api.getImages).toHaveBeenCalledWith(
      { rebase: 'available' },
      expect.anything(),
    );
    expect(api.getPipelineRuns).toHaveBeenCalledWith(
      { status: 'failed,timed-out' },
      expect.anything(),
    );
  });

  it('says when the backend does not serve a list, and when a list is empty', async () => {
    await render({ getPipelineRuns: notFound() });
    expect(await screen.findByText(/does not serve/)).toHaveTextContent(
      'GET /api/portolan/pipeline-runs?status=failed,timed-out',
    );
    expect(
      await screen.findByText(
        'Every buildpacks image runs on the newest run image.',
      ),
    ).toBeInTheDocument();
  });

  it('shows other errors with the backend’s message', async () => {
    await render({ getImages: serverError('registry client crashed') });
    await expectBackendMessage(/registry client crashed/);
  });
});
