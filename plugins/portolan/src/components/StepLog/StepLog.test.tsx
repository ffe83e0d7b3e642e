import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockPortolanApi,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { StepLog } from './StepLog';

const ref = { kind: 'Component', namespace: 'default', name: 'storefront-web' };

function answer(log: string, truncated = false) {
  return {
    entityRef: 'component:default/storefront-web',
    cluster: 'doks-tools',
    namespace: 'ci',
    pod: 'pod-1',
    container: 'step-build',
    tailLines: 500,
    truncated,
    log,
  };
}

describe('StepLog', () => {
  it('shows the log tail, says when it was cut, and reloads', async () => {
    const api = mockPortolanApi({
      getPodLog: jest
        .fn()
        .mockResolvedValueOnce(answer('line 1', true))
        .mockResolvedValueOnce(answer('line 1\nline 2')),
    });
    await renderPortolan(
      <StepLog
        entityRef={ref}
        cluster="doks-tools"
        namespace="ci"
        pod="pod-1"
        container="step-build"
        stepName="build"
      />,
      { api },
    );
    expect(
      await screen.findByRole('log', { name: 'Log of step build' }),
    ).toHaveTextContent('line 1');
    expect(screen.getByText(/cut at the size limit/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(await screen.findByText(/line 2/)).toBeInTheDocument();
  });

  it('says when the log is empty', async () => {
    const api = mockPortolanApi({
      getPodLog: jest.fn().mockResolvedValue(answer('')),
    });
    await renderPortolan(
      <StepLog
        entityRef={ref}
        cluster="c"
        namespace="n"
        pod="p"
        stepName="s"
      />,
      { api },
    );
    expect(await screen.findByText('(the log is empty)')).toBeInTheDocument();
  });
});
