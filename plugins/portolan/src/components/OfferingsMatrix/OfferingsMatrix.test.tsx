import { screen, within } from '@testing-library/react';
import { offeringsCatalogue } from '../../__fixtures__/clusters';
import { renderPortolan } from '../../__testUtils__/renderPortolan';
import { OfferingsMatrix } from './OfferingsMatrix';

describe('OfferingsMatrix', () => {
  it('compares offerings side by side, used ones first, with sources', async () => {
    await renderPortolan(<OfferingsMatrix catalogue={offeringsCatalogue} />, {
      entity: null,
    });
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map(r => r.getAttribute('data-offering'))).toEqual([
      'eks',
      'gke',
      'oke',
    ]);
    const gke = within(rows[1]);
    expect(gke.getByRole('link', { name: /Autopilot/ })).toHaveAttribute(
      'href',
      'https://cloud.google.com/kubernetes-engine/docs/concepts/autopilot-overview',
    );
    expect(gke.getByText('gke-prod-eu')).toBeInTheDocument();
    const eks = within(rows[0]);
    expect(eks.getByText('unverified')).toBeInTheDocument();
    expect(within(rows[2]).getAllByText('None').length).toBeGreaterThan(0);
    expect(
      screen.getByText(
        /checked against the vendors’ documentation on 2025-01-15/,
      ),
    ).toBeInTheDocument();
  });
});
