import { screen, within } from '@testing-library/react';
import { demoProfiles } from '../../__fixtures__/clusters';
import {
  DIGEST_A,
  DIGEST_C,
  buildpacksImages,
  dockerfileImage,
} from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { byData } from '../../__testUtils__/viewStates';
import { groupImages, ImagesTable } from './ImagesTable';

function row(digest: string) {
  return within(byData('digest', digest));
}

describe('ImagesTable', () => {
  it('groups a digest running on several clusters into one row', () => {
    const groups = groupImages([...buildpacksImages, dockerfileImage]);
    expect(groups.map(g => [g.digest, g.records.length])).toEqual([
      [DIGEST_A, 2],
      [DIGEST_C, 1],
    ]);
  });

  it('shows buildpacks, processes, source, run image and rebase state', async () => {
    const { container } = await renderPortolan(
      <ImagesTable
        images={[...buildpacksImages, dockerfileImage]}
        profiles={demoProfiles}
      />,
    );
    const bp = row(DIGEST_A);
    expect(
      bp.getByLabelText('Built with Cloud Native Buildpacks'),
    ).toBeInTheDocument();
    expect(bp.getByText('paketo-buildpacks/nodejs@3.2.1')).toBeInTheDocument();
    expect(bp.getByText('node server.js')).toBeInTheDocument();
    expect(
      bp.getByText(/builder paketobuildpacks\/builder-jammy-base/),
    ).toBeInTheDocument();
    expect(
      bp.getByText('paketobuildpacks/run-jammy-base:latest'),
    ).toBeInTheDocument();
    expect(bp.getByText('Rebase available')).toBeInTheDocument();
    expect(bp.getByText(/Tekton storefront-web-build-7/)).toBeInTheDocument();
    expect(bp.getByLabelText(/^Provider GKE/)).toBeInTheDocument();
    expect(bp.getByLabelText(/^Provider EKS/)).toBeInTheDocument();

    const plain = row(DIGEST_C);
    expect(
      plain.getByText(
        'Not built by buildpacks (Dockerfile or another builder)',
      ),
    ).toBeInTheDocument();
    expect(plain.queryByText(/Rebase/)).toBeNull();
    expectStatusesReadable(container);
  });

  it('names the registry problem when no facts could be read', async () => {
    await renderPortolan(
      <ImagesTable
        images={[
          {
            ...dockerfileImage,
            buildpacks: undefined,
            registry: {
              state: 'not-allowed',
              message: 'registry.acme.example is not in portolan.registries',
            },
            rebase: {
              state: 'unknown',
              cause: 'facts-unavailable',
              reason: 'Neither the registry nor kpack described the image.',
            },
          },
        ]}
        profiles={demoProfiles}
      />,
    );
    expect(
      screen.getByText(
        'Unknown: Registry not on the allow-list: not contacted: registry.acme.example is not in portolan.registries',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Rebase state unknown')).toBeInTheDocument();
  });

  it('guides when there are no images', async () => {
    await renderPortolan(<ImagesTable images={[]} profiles={demoProfiles} />);
    expect(screen.getByRole('note')).toHaveTextContent('Label your workloads');
  });

  it('says when the backend reads no images at all', async () => {
    await renderPortolan(<ImagesTable profiles={demoProfiles} />);
    expect(screen.getByRole('note')).toHaveTextContent(
      'does not read images yet',
    );
  });
});
