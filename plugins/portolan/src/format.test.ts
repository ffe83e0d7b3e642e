import {
  commitUrl,
  durationBetween,
  formatDuration,
  formatRunDuration,
  imageRepository,
  shortDigest,
  shortSha,
} from './format';

describe('format', () => {
  it('formats durations', () => {
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(400)).toBe('0.4s');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(200_000)).toBe('3m 20s');
    expect(formatDuration(3_720_000)).toBe('1h 2m');
  });

  it('measures between times', () => {
    expect(
      durationBetween('2025-01-31T10:00:00Z', '2025-01-31T10:01:30Z'),
    ).toBe(90_000);
    expect(durationBetween(undefined, undefined)).toBeUndefined();
  });

  it('prefers a recorded duration to the times around it', () => {
    const times = {
      startedAt: '2025-01-31T10:00:00Z',
      finishedAt: '2025-01-31T10:01:30Z',
    };
    expect(formatRunDuration({ ...times, durationMs: 200_000 })).toBe('3m 20s');
    expect(formatRunDuration(times)).toBe('1m 30s');
    expect(formatRunDuration({})).toBe('—');
  });

  it('shortens SHAs and digests', () => {
    expect(shortSha('3f2a9c1e5b7d')).toBe('3f2a9c1');
    expect(shortDigest('registry/x@sha256:aa11bb22cc33dd44ee55')).toBe(
      'sha256:aa11bb22cc33',
    );
    expect(imageRepository('registry.acme.example:5000/a/b:1.2@sha256:x')).toBe(
      'registry.acme.example:5000/a/b',
    );
  });

  it('links commits on known forges only', () => {
    expect(commitUrl('git@github.com:acme/x.git', 'abcdef1')).toBe(
      'https://github.com/acme/x/commit/abcdef1',
    );
    expect(commitUrl('https://git.internal/acme/x', 'abcdef1')).toBeUndefined();
    expect(commitUrl('https://github.com/acme/x', 'main')).toBeUndefined();
  });
});
