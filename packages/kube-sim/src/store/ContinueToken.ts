import { ApiError } from './ApiError';

/** What a continue token carries: the snapshot revision and the last key served. */
export interface ContinueState {
  rv: number;
  lastKey: string;
}

/**
 * Continue tokens in the API server's format: base64 of
 * `{"v":"meta.k8s.io/v1","rv":<snapshot>,"start":"<last key>\u0000"}`.
 */
export const ContinueToken = {
  encode(state: ContinueState): string {
    return Buffer.from(
      JSON.stringify({
        v: 'meta.k8s.io/v1',
        rv: state.rv,
        start: `${state.lastKey}\u0000`,
      }),
    ).toString('base64');
  },

  decode(token: string): ContinueState {
    let parsed: { v?: string; rv?: number; start?: string };
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    } catch {
      throw ApiError.badRequest(
        'continue key is not valid: illegal base64 data or JSON',
      );
    }
    if (parsed?.v !== 'meta.k8s.io/v1') {
      throw ApiError.badRequest(
        `continue key is not valid: server does not recognize this encoded version "${parsed?.v}"`,
      );
    }
    if (
      typeof parsed.rv !== 'number' ||
      parsed.rv <= 0 ||
      typeof parsed.start !== 'string'
    ) {
      throw ApiError.badRequest(
        'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
      );
    }
    const start = parsed.start.endsWith('\u0000')
      ? parsed.start.slice(0, -1)
      : parsed.start;
    return { rv: parsed.rv, lastKey: start };
  },
};
