/*
 * Status faults matched per request: answer requests whose path and query
 * contain a pattern with 429 (and `Retry-After`), 500 or 503, a fixed
 * number of times or until cleared. Owns only the matching; never touches
 * the store.
 */

/** One injected status answer. */
export interface RequestFault {
  /** A substring of the request's path and query (`/apis/tekton.dev`, `watch=`); a trailing `$` anchors it at the end (`/api/v1$` is discovery only). */
  pattern: string;
  status: 429 | 500 | 503;
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** How many matching requests it answers; unlimited when absent. */
  times?: number;
}

const REASONS: Record<RequestFault['status'], string> = {
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/** The request faults of one cluster. */
export class RequestFaults {
  private readonly rules: RequestFault[] = [];

  add(fault: RequestFault): void {
    if (!fault.pattern) throw new Error('a request fault needs a pattern');
    if (!(fault.status in REASONS)) {
      throw new Error(`unsupported fault status ${fault.status}`);
    }
    this.rules.push({ ...fault });
  }

  /** The fault that answers this request (counted down), if any. */
  take(
    pathAndQuery: string,
  ):
    | { status: number; reason: string; retryAfterSeconds?: number }
    | undefined {
    const index = this.rules.findIndex(r =>
      r.pattern.endsWith('$')
        ? pathAndQuery.endsWith(r.pattern.slice(0, -1))
        : pathAndQuery.includes(r.pattern),
    );
    if (index < 0) return undefined;
    const rule = this.rules[index];
    if (rule.times !== undefined && --rule.times <= 0) {
      this.rules.splice(index, 1);
    }
    return {
      status: rule.status,
      reason: REASONS[rule.status],
      ...(rule.retryAfterSeconds !== undefined
        ? { retryAfterSeconds: rule.retryAfterSeconds }
        : {}),
    };
  }

  clear(): void {
    this.rules.length = 0;
  }
}
