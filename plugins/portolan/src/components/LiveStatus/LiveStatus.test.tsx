import { screen } from '@testing-library/react';
import { renderPortolan } from '../../__testUtils__/renderPortolan';
import { LiveStatus } from './LiveStatus';

describe('LiveStatus', () => {
  it('says when the view was updated and that it refreshes', async () => {
    await renderPortolan(<LiveStatus updatedAt={Date.now() - 3_000} />, {
      entity: null,
    });
    expect(
      screen.getByText(/Updated .*ago · refreshes every 10 s/),
    ).toBeInTheDocument();
  });

  it('warns that a failed refresh shows the last answer', async () => {
    await renderPortolan(
      <LiveStatus
        updatedAt={Date.now()}
        error={new Error('backend restarting')}
      />,
      { entity: null },
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      /Refresh failed, showing the last answer .*: backend restarting/,
    );
  });
});
