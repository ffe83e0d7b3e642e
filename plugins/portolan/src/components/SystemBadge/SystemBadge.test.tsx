import { screen } from '@testing-library/react';
import { renderPortolan } from '../../__testUtils__/renderPortolan';
import { SystemBadge } from './SystemBadge';

describe('SystemBadge', () => {
  it('names each delivery system in words', async () => {
    await renderPortolan(
      <>
        <SystemBadge system="tekton" />
        <SystemBadge system="jenkins-x" />
        <SystemBadge system="argocd" />
        <SystemBadge system="kpack" />
        <SystemBadge system="flux" />
      </>,
      { entity: null },
    );
    for (const name of ['Tekton', 'Jenkins X', 'Argo CD', 'kpack', 'flux']) {
      expect(screen.getByText(name)).toBeInTheDocument();
    }
  });
});
