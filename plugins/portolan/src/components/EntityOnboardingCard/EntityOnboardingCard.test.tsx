import { act, screen, within } from '@testing-library/react';
import {
  ARGOCD_FIX_SNIPPET,
  completeChecklist,
  partialChecklist,
  pendingChecklist,
  PIPELINE_RUNS_FIX_SNIPPET,
} from '../../__fixtures__/onboarding';
import {
  expectStatusesReadable,
  mockPortolanApi,
  notAllowed,
  notFound,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import {
  byData,
  expectErrorPanel,
  expectNote,
  expectPartialAnswer,
} from '../../__testUtils__/viewStates';
import { DEFAULT_REFRESH_INTERVAL_MS } from '../../hooks';
import { EntityOnboardingCard } from './EntityOnboardingCard';

function step(id: string): HTMLElement {
  return byData('step', id);
}

describe('EntityOnboardingCard', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('lists the steps in order with their state in words and their evidence', async () => {
    const { container, api } = await renderPortolan(<EntityOnboardingCard />);
    const list = await screen.findByRole('list', { name: 'Onboarding steps' });
    expect(
      within(list)
        .getAllByRole('heading', { level: 3 })
        .map(h => h.textContent),
    ).toEqual(pendingChecklist.steps.map(s => s.title));
    expect(screen.getByText('3 of 6 steps met')).toBeInTheDocument();
    expect(within(step('owner')).getByText('Met')).toBeInTheDocument();
    expect(within(step('argocd')).getByText('Not met')).toBeInTheDocument();
    expect(within(step('image')).getByText('Unknown')).toBeInTheDocument();
    expect(step('logs')).toHaveTextContent(
      'Read the log of gke-prod-eu/storefront/storefront-web-1 (web).',
    );
    expect(api.getOnboardingChecklist).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'storefront-web' },
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    expectStatusesReadable(container);
  });

  it('shows the fix of every unmet step, and only of unmet steps', async () => {
    await renderPortolan(<EntityOnboardingCard />);
    const fixes = await screen.findAllByRole('group', { name: /^Fix: / });
    expect(fixes.map(f => f.getAttribute('aria-label'))).toEqual([
      'Fix: Pipeline runs are found',
      'Fix: Argo CD applications are found, synced and healthy',
    ]);
    const runsFix = within(step('pipeline-runs')).getByRole('group');
    expect(runsFix).toHaveTextContent(
      'Why: Portolan finds pipeline runs by the labels of the PipelineRun.',
    );
    expect(runsFix).toHaveTextContent('Where: .tekton/triggers.yaml');
    expect(runsFix.querySelector('code')?.textContent).toBe(
      PIPELINE_RUNS_FIX_SNIPPET,
    );
    expect(
      within(runsFix).getByRole('button', { name: /copy/i }),
    ).toBeInTheDocument();
    expect(
      within(step('argocd')).getByRole('group').querySelector('code')
        ?.textContent,
    ).toBe(ARGOCD_FIX_SNIPPET);
    for (const id of ['owner', 'workloads', 'image', 'logs']) {
      expect(within(step(id)).queryByRole('group')).toBeNull();
    }
  });

  it('says why an unknown step is unknown', async () => {
    await renderPortolan(<EntityOnboardingCard />);
    await screen.findByRole('list', { name: 'Onboarding steps' });
    expect(step('image')).toHaveTextContent(
      'Portolan cannot tell yet:The image registry was not asked: no registry configured.',
    );
  });

  it('says so when the backend gives an unknown step no reason, or an unmet step no fix', async () => {
    const [owner, workloads, ...rest] = pendingChecklist.steps;
    await renderPortolan(<EntityOnboardingCard />, {
      answers: {
        getOnboardingChecklist: {
          ...pendingChecklist,
          steps: [
            { ...owner, state: 'unknown', evidence: [] },
            { ...workloads, state: 'unmet', fix: undefined },
            ...rest,
          ],
        },
      },
    });
    await screen.findByRole('list', { name: 'Onboarding steps' });
    expect(step('owner')).toHaveTextContent(
      'Portolan cannot tell yet, and the backend did not say why.',
    );
    expect(step('workloads')).toHaveTextContent(
      'The backend suggests no fix for this step',
    );
  });

  it('warns that a partial answer may still change', async () => {
    await renderPortolan(<EntityOnboardingCard />, {
      answers: { getOnboardingChecklist: partialChecklist },
    });
    await expectPartialAnswer(
      /not synced yet, so unknown steps may still turn either way/,
    );
    expect(
      screen.getByRole('list', { name: 'Onboarding steps' }),
    ).toBeInTheDocument();
  });

  it('has no partial warning when every cluster is synced', async () => {
    await renderPortolan(<EntityOnboardingCard />);
    await screen.findByRole('list', { name: 'Onboarding steps' });
    expect(screen.queryByLabelText('Partial answer')).toBeNull();
  });

  it('turns a step green when the backend’s answer changes, without a reload', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    const api = mockPortolanApi({
      getOnboardingChecklist: jest
        .fn()
        .mockResolvedValueOnce(pendingChecklist)
        .mockResolvedValue(completeChecklist),
    });
    await renderPortolan(<EntityOnboardingCard />, { api });
    await screen.findByText('3 of 6 steps met');
    expect(within(step('argocd')).getByText('Not met')).toBeInTheDocument();

    await act(async () => {
      jest.advanceTimersByTime(DEFAULT_REFRESH_INTERVAL_MS);
    });

    expect(await screen.findByText('6 of 6 steps met')).toBeInTheDocument();
    expect(within(step('argocd')).getByText('Met')).toBeInTheDocument();
    expect(screen.queryByText('Not met')).toBeNull();
    expect(screen.queryByRole('group', { name: /^Fix: / })).toBeNull();
    expect(api.getOnboardingChecklist).toHaveBeenCalledTimes(2);
  });

  it('says when the backend checks no steps', async () => {
    await renderPortolan(<EntityOnboardingCard />, {
      answers: {
        getOnboardingChecklist: {
          ...pendingChecklist,
          counts: { met: 0, unmet: 0, unknown: 0, total: 0 },
          steps: [],
        },
      },
    });
    await expectNote(
      'This Portolan backend checks no onboarding steps for component:default/storefront-web.',
    );
  });

  it('says the checklist is hidden when the user may not read it, with the backend’s reason', async () => {
    await renderPortolan(<EntityOnboardingCard />, {
      answers: { getOnboardingChecklist: notAllowed('portolan.entity.read') },
    });
    expect(await screen.findByLabelText('Onboarding hidden')).toHaveTextContent(
      'You may not read this service’s onboarding checklist: Not allowed: portolan.entity.read.',
    );
    expect(screen.queryByRole('list', { name: 'Onboarding steps' })).toBeNull();
  });

  it('shows the backend’s error', async () => {
    await renderPortolan(<EntityOnboardingCard />, {
      answers: {
        getOnboardingChecklist: notFound(
          'No entity component:default/storefront-web in the catalog',
        ),
      },
    });
    await expectErrorPanel(
      /Could not load the onboarding checklist/,
      /No entity component:default\/storefront-web/,
    );
  });
});
