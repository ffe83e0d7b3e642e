/*
 * Health bookkeeping: a state with the time it began, which does not reset
 * its `since` while the state holds, and the rules that fold many resource
 * states into one cluster state.
 */
import type {
  ClusterHealth,
  HealthState,
} from '@portolan/plugin-portolan-common';

/** A health value that keeps `since` while the state does not change. */
export class HealthTracker {
  private current: ClusterHealth;

  /** `onChange` hears every change of state or message (not a repeated `set`). */
  constructor(
    state: HealthState,
    now: Date = new Date(),
    private readonly onChange?: () => void,
  ) {
    this.current = { state, since: now.toISOString() };
  }

  get value(): ClusterHealth {
    return this.current;
  }

  get state(): HealthState {
    return this.current.state;
  }

  /** Moves to `state`; `since` changes only when the state does (or is given). */
  set(state: HealthState, message?: string, since?: Date): void {
    if (state === this.current.state && !since) {
      if (message === this.current.message) return;
      this.current = { ...this.current, message };
      this.onChange?.();
      return;
    }
    this.current = {
      state,
      since: (since ?? new Date()).toISOString(),
      message,
    };
    this.onChange?.();
  }
}

/**
 * How bad each state is for a cluster as a whole, worst first. `not-installed`
 * is a fact about the cluster, not a problem, so it never degrades it.
 */
const SEVERITY: readonly HealthState[] = [
  'unauthorized',
  'unreachable',
  'forbidden',
  'stale',
  'syncing',
  'synced',
];

/** A resource's health with the name it is reported under. */
export interface NamedHealth {
  name: string;
  health: ClusterHealth;
}

/**
 * Folds resource healths into one: the worst state with a message naming the
 * resources in it. A problem dates from the earliest of them; `synced` from
 * the latest, when the last resource caught up.
 */
export function worstHealth(
  parts: readonly NamedHealth[],
  whenEmpty: ClusterHealth,
): ClusterHealth {
  const relevant = parts.filter(p => p.health.state !== 'not-installed');
  if (relevant.length === 0) {
    return whenEmpty;
  }
  let worst = relevant[0].health.state;
  for (const p of relevant) {
    if (SEVERITY.indexOf(p.health.state) < SEVERITY.indexOf(worst)) {
      worst = p.health.state;
    }
  }
  const inWorst = relevant.filter(p => p.health.state === worst);
  const times = inWorst.map(p => p.health.since);
  if (worst === 'synced') {
    return { state: worst, since: times.reduce((a, b) => (a > b ? a : b)) };
  }
  const since = times.reduce((a, b) => (a < b ? a : b));
  const messages = inWorst.map(p =>
    p.health.message ? `${p.name}: ${p.health.message}` : p.name,
  );
  const shown = messages.slice(0, 3).join('; ');
  const more = messages.length > 3 ? ` (and ${messages.length - 3} more)` : '';
  return { state: worst, since, message: `${shown}${more}` };
}
