import { screen } from '@testing-library/react';
import { storefrontView } from '../../__fixtures__/entityView';
import { renderPortolan } from '../../__testUtils__/renderPortolan';
import { EmptyGuidance } from './EmptyGuidance';

describe('EmptyGuidance', () => {
  it('names the exact selector and annotations to add', async () => {
    await renderPortolan(
      <EmptyGuidance
        section="workloads"
        selection={{ ...storefrontView.selection, namespace: 'storefront' }}
      />,
      { entity: null },
    );
    expect(screen.getByRole('note')).toHaveTextContent(
      'No workloads match backstage.io/kubernetes-id=storefront-web in namespace storefront',
    );
  });

  it('falls back to the annotation’s shape without a selection', async () => {
    await renderPortolan(<EmptyGuidance section="pipelineRuns" />, {
      entity: null,
    });
    expect(screen.getByRole('note')).toHaveTextContent(
      'backstage.io/kubernetes-id=<id>',
    );
  });

  it('says when the backend has no such source', async () => {
    await renderPortolan(<EmptyGuidance section="deployments" absent />, {
      entity: null,
    });
    expect(screen.getByRole('note')).toHaveTextContent(
      'No deployment source (Argo CD) is registered',
    );
  });
});
