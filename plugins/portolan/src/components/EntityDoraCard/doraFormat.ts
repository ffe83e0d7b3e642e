/*
 * How DORA figures and bands read: in words first (the band is a word, its
 * colour only repeats it), with units a reader compares at a glance.
 */
import type { DoraBand, DoraMetrics } from '../../api';

/** `42 min`, `5.2 hours`, `3.1 days`; `—` when not measurable. */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return '—';
  }
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} hours`;
  return `${(seconds / 86_400).toFixed(1)} days`;
}

/** `0.43 per day` or, below one a week, `1.2 per week`. */
export function formatFrequency(perDay: number): string {
  if (perDay >= 1 / 7) return `${perDay.toFixed(2)} per day`;
  return `${(perDay * 7).toFixed(2)} per week`;
}

/** `12.5 %`; `—` without deployments. */
export function formatRatio(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(1)} %`;
}

export const BAND_WORDS: Record<DoraBand, string> = {
  elite: 'Elite',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** The four keys in the order the DORA report lists them. */
export const DORA_KEYS = [
  'deploymentFrequency',
  'leadTimeForChanges',
  'changeFailureRate',
  'timeToRestore',
] as const;
export type DoraKey = (typeof DORA_KEYS)[number];

export const DORA_TITLES: Record<DoraKey, string> = {
  deploymentFrequency: 'Deployment frequency',
  leadTimeForChanges: 'Lead time for changes',
  changeFailureRate: 'Change failure rate',
  timeToRestore: 'Time to restore',
};

/** The headline figure of one key. */
export function doraValue(metrics: DoraMetrics, key: DoraKey): string {
  switch (key) {
    case 'deploymentFrequency':
      return formatFrequency(metrics.deploymentFrequency.perDay);
    case 'leadTimeForChanges':
      return formatSeconds(metrics.leadTimeForChanges.medianSeconds);
    case 'changeFailureRate':
      return formatRatio(metrics.changeFailureRate.ratio);
    default:
      return formatSeconds(metrics.timeToRestore.medianSeconds);
  }
}

/** What the figure is made of, in a sentence. */
export function doraDetail(metrics: DoraMetrics, key: DoraKey): string {
  switch (key) {
    case 'deploymentFrequency': {
      const n = metrics.deploymentFrequency.count;
      return `${n} production deployment${n === 1 ? '' : 's'} in ${Math.round(
        metrics.window.days,
      )} days`;
    }
    case 'leadTimeForChanges': {
      const basis = metrics.leadTimeForChanges.basis;
      if (basis === 'commit') return 'Median, from the commit time';
      if (basis === 'firstRun') {
        return 'Median, from the first pipeline run of the commit';
      }
      if (basis === 'mixed') {
        return 'Median, from the commit time or else the first pipeline run';
      }
      return 'No deployment with a known commit or pipeline run';
    }
    case 'changeFailureRate': {
      const { failed, total } = metrics.changeFailureRate;
      return `${failed} of ${total} deployments failed`;
    }
    default: {
      const n = metrics.timeToRestore.incidents;
      return `Median over ${n} restored incident${n === 1 ? '' : 's'}`;
    }
  }
}

/** A sortable number for a key (lower is better for all but frequency). */
export function doraSortValue(metrics: DoraMetrics, key: DoraKey): number {
  switch (key) {
    case 'deploymentFrequency':
      return metrics.deploymentFrequency.perDay;
    case 'leadTimeForChanges':
      return metrics.leadTimeForChanges.medianSeconds ?? Infinity;
    case 'changeFailureRate':
      return metrics.changeFailureRate.ratio ?? Infinity;
    default:
      return metrics.timeToRestore.medianSeconds ?? Infinity;
  }
}
