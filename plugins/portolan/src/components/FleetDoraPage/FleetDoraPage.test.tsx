import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fleetDora } from '../../__fixtures__/dora';
import {
  renderPortolan,
  unavailable,
} from '../../__testUtils__/renderPortolan';
import { FleetDoraContent } from './FleetDoraPage';

function tableRows(title: string): string[] {
  const heading = screen.getByRole('heading', { name: title });
  const paper = heading.closest('.MuiPaper-root') as HTMLElement;
  // material-table pads a short page with empty rows: only rows with cells.
  return Array.from(paper.querySelectorAll('tbody tr'))
    .map(r => r.querySelector('td')?.textContent ?? '')
    .filter(Boolean);
}

describe('FleetDoraContent', () => {
  it('shows the pooled figures, then per team and per service', async () => {
    const { api } = await renderPortolan(<FleetDoraContent />, {
      entity: null,
      answers: { getFleetDora: fleetDora },
    });
    expect(await screen.findByText('All 3 services')).toBeInTheDocument();
    expect(
      document.querySelector('[data-metric="deploymentFrequency"]'),
    ).toHaveTextContent('1.90 per day');
    expect(tableRows('Per team')).toEqual(['team-payments', 'team-storefront']);
    expect(tableRows('Per service')).toEqual([
      'Storefront web',
      'payments-api',
      'cart-service',
    ]);
    expect(api.getFleetDora).toHaveBeenCalledWith(
      { window: '30d', owner: undefined },
      expect.anything(),
    );
  });

  it('sorts services by a key, and asks for one team', async () => {
    const { api } = await renderPortolan(<FleetDoraContent />, {
      entity: null,
      answers: { getFleetDora: fleetDora },
    });
    await screen.findByText('All 3 services');
    const services = screen
      .getByRole('heading', { name: 'Per service' })
      .closest('.MuiPaper-root') as HTMLElement;
    fireEvent.click(
      within(services).getAllByRole('button', {
        name: 'Change failure rate',
      })[0],
    );
    // Lowest rate first; no deployments (not measured) last.
    await waitFor(() =>
      expect(tableRows('Per service')).toEqual([
        'payments-api',
        'Storefront web',
        'cart-service',
      ]),
    );
    const team = screen.getByLabelText('Team');
    fireEvent.change(team, {
      target: { value: 'group:default/team-payments' },
    });
    fireEvent.keyDown(team, { key: 'Enter' });
    await waitFor(() =>
      expect(api.getFleetDora).toHaveBeenLastCalledWith(
        { window: '30d', owner: 'group:default/team-payments' },
        expect.anything(),
      ),
    );
  });

  it('shows the backend’s reason when history is not available', async () => {
    await renderPortolan(<FleetDoraContent />, {
      entity: null,
      answers: {
        getFleetDora: unavailable(
          'Delivery history is disabled (portolan.history.enabled: false)',
        ),
      },
    });
    expect(
      await screen.findByText(
        'No DORA metrics: Delivery history is disabled (portolan.history.enabled: false)',
      ),
    ).toBeInTheDocument();
  });
});
