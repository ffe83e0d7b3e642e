import { screen } from '@testing-library/react';
import { partialView } from '../../__fixtures__/entityView';
import {
  renderPortolan,
  serverError,
} from '../../__testUtils__/renderPortolan';
import {
  expectErrorPanel,
  expectPartialAnswer,
} from '../../__testUtils__/viewStates';
import { EntityViewCard } from './EntityViewCard';

describe('EntityViewCard', () => {
  it('hands the live view to its content', async () => {
    await renderPortolan(
      <EntityViewCard title="Test">
        {view => <p>{view.entityRef}</p>}
      </EntityViewCard>,
    );
    expect(
      await screen.findByText('component:default/storefront-web'),
    ).toBeInTheDocument();
  });

  it('flags partial answers above the content', async () => {
    await renderPortolan(
      <EntityViewCard title="Test">{() => <p>content</p>}</EntityViewCard>,
      { answers: { getEntityView: partialView } },
    );
    await expectPartialAnswer();
    expect(screen.getByText('content')).toBeInTheDocument();
  });

  it('shows the error instead of the content', async () => {
    await renderPortolan(
      <EntityViewCard title="Test">{() => <p>content</p>}</EntityViewCard>,
      { answers: { getEntityView: serverError('kaput') } },
    );
    await expectErrorPanel(/Could not load test/, /kaput/);
    expect(screen.queryByText('content')).toBeNull();
  });
});
