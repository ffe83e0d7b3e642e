import { screen } from '@testing-library/react';
import { partialView } from '../../__fixtures__/entityView';
import {
  backendError,
  mockPortolanApi,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
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
    const api = mockPortolanApi({
      getEntityView: jest.fn().mockResolvedValue(partialView),
    });
    await renderPortolan(
      <EntityViewCard title="Test">{() => <p>content</p>}</EntityViewCard>,
      { api },
    );
    expect(await screen.findByLabelText('Partial answer')).toBeInTheDocument();
    expect(screen.getByText('content')).toBeInTheDocument();
  });

  it('shows the error instead of the content', async () => {
    const api = mockPortolanApi({
      getEntityView: jest
        .fn()
        .mockRejectedValue(await backendError(500, 'Error', 'kaput')),
    });
    await renderPortolan(
      <EntityViewCard title="Test">{() => <p>content</p>}</EntityViewCard>,
      { api },
    );
    expect(await screen.findByText(/Could not load test/)).toBeInTheDocument();
    expect(screen.queryByText('content')).toBeNull();
  });
});
