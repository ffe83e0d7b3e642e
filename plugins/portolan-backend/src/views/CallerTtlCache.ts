/*
 * A few seconds' memory of answers that depend on who asks (catalog
 * lookups with the caller's credentials, permission decisions), keyed by
 * the caller's identity so that nothing is ever shared between callers.
 * A caller without a stable identity (none, or an unknown principal type)
 * is never cached. Promises are kept, so concurrent asks share one lookup;
 * a rejected one is forgotten at once.
 */
import type { BackstageCredentials } from '@backstage/backend-plugin-api';

/** The caller's stable identity, or undefined when there is none to key on. */
export function callerIdentity(
  credentials: BackstageCredentials,
): string | undefined {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef) {
    return `user:${principal.userEntityRef}`;
  }
  if (principal.type === 'service' && principal.subject) {
    return `service:${principal.subject}`;
  }
  return undefined;
}

export class CallerTtlCache {
  private readonly entries = new Map<
    string,
    { value: Promise<unknown>; expiresAt: number }
  >();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** `load()`'s answer for this caller and key, remembered for the TTL. */
  get<T>(
    credentials: BackstageCredentials,
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const identity = callerIdentity(credentials);
    if (this.ttlMs <= 0 || !identity) return load();
    const full = `${identity}\u0000${key}`;
    const now = this.now();
    const hit = this.entries.get(full);
    if (hit && hit.expiresAt > now) return hit.value as Promise<T>;
    if (this.entries.size >= this.maxEntries) this.sweep(now);
    const value = load();
    this.entries.set(full, { value, expiresAt: now + this.ttlMs });
    value.catch(() => {
      if (this.entries.get(full)?.value === value) this.entries.delete(full);
    });
    return value;
  }

  private sweep(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) this.entries.delete(key);
    }
    // Still full of live entries: forget the oldest half.
    if (this.entries.size >= this.maxEntries) {
      let drop = Math.ceil(this.entries.size / 2);
      for (const key of this.entries.keys()) {
        if (drop-- <= 0) break;
        this.entries.delete(key);
      }
    }
  }
}
