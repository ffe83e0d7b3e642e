import { screen, within } from '@testing-library/react';
import { kpackImage } from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { KpackImagesTable } from './KpackImagesTable';

describe('KpackImagesTable', () => {
  it('shows each kpack Image with its builds and why they ran', async () => {
    const { container } = await renderPortolan(
      <KpackImagesTable images={[kpackImage]} />,
      { entity: null },
    );
    const section = screen.getByRole('region', {
      name: 'kpack image invoice-worker',
    });
    expect(within(section).getByText('Ready')).toBeInTheDocument();
    expect(
      within(section).getByText(
        'paketobuildpacks/run-jammy-base@sha256:76f363890836',
      ),
    ).toBeInTheDocument();
    const builds = within(section).getByRole('table', {
      name: 'Builds of invoice-worker',
    });
    expect(within(builds).getByText('#7')).toBeInTheDocument();
    expect(within(builds).getByText('Succeeded')).toBeInTheDocument();
    expect(
      within(builds).getByText('COMMIT f34213d → e050d85'),
    ).toBeInTheDocument();
    expect(within(builds).getByText('e050d85')).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('renders nothing without kpack Images', async () => {
    const { container } = await renderPortolan(<KpackImagesTable />, {
      entity: null,
    });
    expect(container).toBeEmptyDOMElement();
  });
});
