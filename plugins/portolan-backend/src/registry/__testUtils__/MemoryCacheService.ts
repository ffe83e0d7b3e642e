/*
 * Test-only: an in-memory CacheService honouring TTLs against a clock the
 * test controls, and counting reads and writes.
 */
import type {
  CacheService,
  CacheServiceOptions,
  CacheServiceSetOptions,
} from '@backstage/backend-plugin-api';

export class MemoryCacheService implements CacheService {
  private readonly entries = new Map<
    string,
    { value: unknown; expiresAt: number }
  >();
  writes = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async get<TValue>(key: string): Promise<TValue | undefined> {
    const entry = this.entries.get(key);
    if (!entry || entry.expiresAt <= this.now()) {
      return undefined;
    }
    return entry.value as TValue;
  }

  async set(
    key: string,
    value: unknown,
    options?: CacheServiceSetOptions,
  ): Promise<void> {
    const ttl = typeof options?.ttl === 'number' ? options.ttl : 3_600_000;
    this.writes += 1;
    this.entries.set(key, { value, expiresAt: this.now() + ttl });
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  withOptions(_options: CacheServiceOptions): CacheService {
    return this;
  }

  /** The keys currently stored (expired ones included). */
  keys(): string[] {
    return [...this.entries.keys()];
  }
}
