import { screen } from '@testing-library/react';
import {
  emptyView,
  partialView,
  storefrontView,
} from '../../__fixtures__/entityView';
import {
  backendError,
  expectStatusesReadable,
  mockPortolanApi,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { EntityImageCard } from './EntityImageCard';

describe('EntityImageCard', () => {
  it('summarises each running image with buildpacks and rebase state', async () => {
    const { container } = await renderPortolan(<EntityImageCard />);
    expect(
      await screen.findByLabelText('Built with Cloud Native Buildpacks'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('paketo-buildpacks/nodejs@3.2.1'),
    ).toBeInTheDocument();
    expect(screen.getByText('Rebase available')).toBeInTheDocument();
    expect(
      screen.getByText('run image paketobuildpacks/run-jammy-base:latest'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Not built by buildpacks (Dockerfile or another builder)',
      ),
    ).toBeInTheDocument();
    expectStatusesReadable(container);
  });

  it('guides when no images are known', async () => {
    const api = mockPortolanApi({
      getEntityView: jest.fn().mockResolvedValue(emptyView),
    });
    await renderPortolan(<EntityImageCard />, { api });
    expect(await screen.findByRole('note')).toHaveTextContent('No images');
  });

  it('says when the backend reads no images', async () => {
    const { images, ...withoutImages } = storefrontView;
    const api = mockPortolanApi({
      getEntityView: jest.fn().mockResolvedValue(withoutImages),
    });
    await renderPortolan(<EntityImageCard />, { api });
    expect(await screen.findByRole('note')).toHaveTextContent(
      'does not read images yet',
    );
  });

  it('flags a partial answer', async () => {
    const api = mockPortolanApi({
      getEntityView: jest.fn().mockResolvedValue(partialView),
    });
    await renderPortolan(<EntityImageCard />, { api });
    expect(await screen.findByLabelText('Partial answer')).toBeInTheDocument();
  });

  it('shows the backend’s error', async () => {
    const api = mockPortolanApi({
      getEntityView: jest
        .fn()
        .mockRejectedValue(
          await backendError(
            403,
            'NotAllowedError',
            'Not allowed: portolan.entity.read',
          ),
        ),
    });
    await renderPortolan(<EntityImageCard />, { api });
    expect(
      await screen.findByText(/Could not load images/),
    ).toBeInTheDocument();
  });
});
