import { screen, within } from '@testing-library/react';
import { failedTektonRun } from '../../__fixtures__/entityView';
import {
  expectStatusesReadable,
  renderPortolan,
} from '../../__testUtils__/renderPortolan';
import { TaskBars } from './TaskBars';

describe('TaskBars', () => {
  it('draws one bar per task, each named with its status', async () => {
    const { container } = await renderPortolan(
      <TaskBars
        tasks={failedTektonRun.tasks}
        runName="storefront-web-build-8"
      />,
      { entity: null },
    );
    const list = screen.getByRole('list', {
      name: 'Tasks of storefront-web-build-8',
    });
    const bars = within(list).getAllByRole('listitem');
    expect(bars.map(b => b.textContent)).toEqual([
      'unit-tests: Failed (1m 30s)',
      'build: Skipped',
    ]);
    expectStatusesReadable(container);
  });

  it('draws nothing for a run without tasks', async () => {
    await renderPortolan(<TaskBars tasks={[]} runName="r" />, { entity: null });
    expect(screen.queryByRole('list')).toBeNull();
  });
});
