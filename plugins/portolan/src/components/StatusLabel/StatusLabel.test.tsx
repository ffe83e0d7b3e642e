import { screen } from '@testing-library/react';
import { renderPortolan } from '../../__testUtils__/renderPortolan';
import {
  ClusterStateLabel,
  HealthStatusLabel,
  RebaseLabel,
  RunStatusLabel,
  SyncStatusLabel,
  WorkloadStatusLabel,
} from './StatusLabel';

describe('status labels', () => {
  it('say every status in words', async () => {
    await renderPortolan(
      <>
        <RunStatusLabel status="timed-out" />
        <RunStatusLabel status="skipped" />
        <SyncStatusLabel status="out-of-sync" />
        <HealthStatusLabel status="missing" />
        <ClusterStateLabel state="not-installed" />
        <WorkloadStatusLabel status="scaled-down" />
        <RebaseLabel state="up-to-date" />
      </>,
    );
    for (const words of [
      'Timed out',
      'Skipped',
      'Out of sync',
      'Missing',
      'Not installed',
      'Scaled down',
      'Run image up to date',
    ]) {
      expect(screen.getByText(words)).toBeInTheDocument();
    }
  });

  it('name a compact (icon-only) status through its accessible label', async () => {
    await renderPortolan(
      <RunStatusLabel status="failed" detail="OOMKilled" compact />,
    );
    expect(
      screen.getByRole('img', { name: 'Failed: OOMKilled' }),
    ).toBeInTheDocument();
  });

  it('keep upstream values they do not know as unknown, in words', async () => {
    await renderPortolan(<RunStatusLabel status={'weird' as any} />);
    expect(screen.getByText('Unknown')).toBeInTheDocument();
  });
});
