import { screen } from '@testing-library/react';
import {
  emptyView,
  partialView,
  storefrontView,
} from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  notAllowed,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import {
  expectErrorPanel,
  expectNote,
  expectPartialAnswer,
} from '../../__testUtils__/viewStates';
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
    await renderPortolan(<EntityImageCard />, {
      answers: { getEntityView: emptyView },
    });
    await expectNote('No images');
  });

  it('says when the backend reads no images', async () => {
    const { images, ...withoutImages } = storefrontView;
    await renderPortolan(<EntityImageCard />, {
      answers: { getEntityView: withoutImages },
    });
    await expectNote('does not read images yet');
  });

  it('flags a partial answer', async () => {
    await renderPortolan(<EntityImageCard />, {
      answers: { getEntityView: partialView },
    });
    await expectPartialAnswer();
  });

  it('shows the backend’s error', async () => {
    await renderPortolan(<EntityImageCard />, {
      answers: { getEntityView: notAllowed('portolan.entity.read') },
    });
    await expectErrorPanel(
      /Could not load images/,
      /Not allowed: portolan\.entity\.read/,
    );
  });
});
