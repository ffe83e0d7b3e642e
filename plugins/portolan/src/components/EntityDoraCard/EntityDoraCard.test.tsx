import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { quietDora, storefrontDora } from '../../__fixtures__/dora';
import {
  expectStatusesReadable,
  renderPortolan,
  unavailable,
} from '../../__testUtils__/renderPortolan';
import { EntityDoraCard } from './EntityDoraCard';

function metric(key: string): HTMLElement {
  return document.querySelector(`[data-metric="${key}"]`) as HTMLElement;
}

describe('EntityDoraCard', () => {
  it('shows the four keys with their figures, what they are made of and their band in words', async () => {
    const { api, container } = await renderPortolan(<EntityDoraCard />, {
      answers: { getEntityDora: storefrontDora },
    });
    await screen
      .findByRole('list', { name: 'DORA metrics' })
      .catch(() => screen.findByLabelText('DORA metrics'));
    expect(metric('deploymentFrequency')).toHaveTextContent(
      'Deployment frequency0.40 per dayHigh12 production deployments in 30 days',
    );
    expect(metric('leadTimeForChanges')).toHaveTextContent(
      'Lead time for changes1.5 hoursEliteMedian, from the first pipeline run of the commit',
    );
    expect(metric('changeFailureRate')).toHaveTextContent(
      'Change failure rate25.0 %Low3 of 12 deployments failed',
    );
    expect(metric('timeToRestore')).toHaveTextContent(
      'Time to restore2.5 daysMediumMedian over 2 restored incidents',
    );
    expect(api.getEntityDora).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'storefront-web' },
      { window: '30d' },
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    expectStatusesReadable(container);
  });

  it('asks again for the period picked', async () => {
    const { api } = await renderPortolan(<EntityDoraCard />, {
      answers: { getEntityDora: storefrontDora },
    });
    await screen.findByLabelText('DORA metrics');
    fireEvent.mouseDown(screen.getByRole('button', { name: /Last 30 days/ }));
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('Last 90 days'),
    );
    await waitFor(() =>
      expect(api.getEntityDora).toHaveBeenLastCalledWith(
        expect.anything(),
        { window: '90d' },
        expect.anything(),
      ),
    );
  });

  it('says "Not measured" where the window had nothing to measure', async () => {
    await renderPortolan(<EntityDoraCard />, {
      answers: { getEntityDora: quietDora },
    });
    await screen.findByLabelText('DORA metrics');
    expect(metric('leadTimeForChanges')).toHaveTextContent(
      '—Not measuredNo deployment with a known commit or pipeline run',
    );
    expect(metric('changeFailureRate')).toHaveTextContent('—Not measured');
  });

  it('shows the backend’s reason when history is not available', async () => {
    await renderPortolan(<EntityDoraCard />, {
      answers: {
        getEntityDora: unavailable('History database not available yet'),
      },
    });
    expect(
      await screen.findByText(
        'No DORA metrics: History database not available yet',
      ),
    ).toBeInTheDocument();
  });
});
