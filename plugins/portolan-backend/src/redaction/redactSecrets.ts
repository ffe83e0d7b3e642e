/*
 * Redaction of credentials in what leaves the backend: every API response
 * body (through `redactResponses`, error bodies included) and every log
 * line (through `redactingLogger`). Cluster facts and errors are written by
 * others: an exec credential plugin's stderr becomes a health message, a
 * git URL may carry userinfo or a presigned query string, a k3s/rke2
 * `node-args` annotation carries `--token`. Owns the patterns and the two
 * wrappers; it never decides what may be read (permissions do that) and
 * never touches pod log content a caller was allowed to read.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NextFunction, Request, Response } from 'express';

/** What replaces a credential. */
export const REDACTED = '[redacted]';

// Query parameters that carry a signature, a token or a key (presigned S3,
// GCS, Azure SAS, OAuth, basic API keys).
const SECRET_PARAM =
  /([?&;](?:x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|x-goog-credential|sig|signature|sv|se|token|access_token|id_token|refresh_token|api[-_]?key|key|code|password|secret|client_secret|auth)=)[^&#\s"'<>]*/gi;
// scheme://user:password@host or scheme://token@host.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@"'<>]+@/gi;
// --token=x, --token x, --agent-token x, --etcd-s3-secret-key=x, --password x …
const SECRET_FLAG =
  /(--?[a-z0-9-]*(?:token|secret|password|passwd|credential|private-key|access-key|secret-key|api-key)[a-z0-9-]*)(=|\s+|",\s*")(?!-|\[redacted\])([^\s",\]]+)/gi;
// key=value / key: value forms in free text (stderr): token=…, password: …
const SECRET_ASSIGNMENT =
  /\b((?:[a-z0-9_-]*(?:token|secret|password|passwd|api[_-]?key|access[_-]?key|credential)s?)["']?\s*[:=]\s*["']?)(?!\[redacted\])[^\s"',;&}]+/gi;
const BEARER = /\b(bearer|basic)\s+[a-z0-9._~+/=-]{8,}/gi;
const JWT = /\beyJ[a-z0-9_-]{5,}\.[a-z0-9_-]{5,}\.[a-z0-9_-]{5,}/gi;
const AWS_ACCESS_KEY = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g;
// k3s/rke2 join tokens: K10<hash>::<user>:<password>.
const K3S_TOKEN = /\bK10[0-9a-f]{16,}::[^\s"',]+/gi;

/**
 * Cheap test first: most strings (names, states, image references with
 * their digests) hold nothing to redact. Each pattern below needs one of
 * these: userinfo a `://`, a query parameter a `=`, a flag or an
 * assignment one of the words (all contain token, secret, passw, key or
 * credential), the others their own prefix. `redactSecrets.property.test`
 * holds the two to that.
 */
const MAYBE_SECRET =
  /=|:\/\/|bearer|basic|eyJ|AKIA|ASIA|K10|token|secret|passw|key|credential/i;

/** The text with every credential shape it holds replaced by {@link REDACTED}. */
export function redactSecrets(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  return applyPatterns(text);
}

/** Every pattern, without the cheap test (exported for its test). */
export function applyPatterns(text: string): string {
  return text
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(SECRET_PARAM, `$1${REDACTED}`)
    .replace(K3S_TOKEN, REDACTED)
    .replace(JWT, REDACTED)
    .replace(AWS_ACCESS_KEY, REDACTED)
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(SECRET_FLAG, `$1$2${REDACTED}`)
    .replace(SECRET_ASSIGNMENT, `$1${REDACTED}`);
}

/**
 * A JSON-like value with every string redacted. Keys in `keep` (a pod log
 * the caller may read) are left as they are. Never changes `value`: what
 * holds something to redact is copied, and the rest (nearly all of an
 * entity view) is shared, not copied.
 */
export function redactDeep(
  value: unknown,
  keep: ReadonlySet<string> = new Set(),
): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      const r = redactDeep(v, keep);
      if (r !== v) {
        out ??= value.slice();
        out[i] = r;
      }
    }
    return out ?? value;
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(record)) {
      if (keep.has(k)) continue;
      const v = record[k];
      const r = redactDeep(v, keep);
      if (r !== v) {
        out ??= { ...record };
        out[k] = r;
      }
    }
    return out ?? value;
  }
  return value;
}

/** Response fields that are content the caller asked for, not messages. */
const KEEP_IN_RESPONSES = new Set(['log']);

/** A response body as `redactResponses` sends it (for bodies sent as bytes). */
export function redactResponseBody(body: unknown): unknown {
  return redactDeep(body, KEEP_IN_RESPONSES);
}

/**
 * Express middleware: every JSON body this router sends, errors included
 * (the error handler answers on the same response), is redacted.
 */
export function redactResponses() {
  return (_req: Request, res: Response, next: NextFunction) => {
    const json = res.json.bind(res);
    res.json = (body?: unknown) => json(redactDeep(body, KEEP_IN_RESPONSES));
    next();
  };
}

function redactMeta(meta?: Error | object): Error | object | undefined {
  if (meta === undefined) return undefined;
  if (meta instanceof Error) {
    const copy = new Error(redactSecrets(meta.message));
    copy.name = meta.name;
    if (meta.stack) copy.stack = redactSecrets(meta.stack);
    return copy;
  }
  return redactDeep(meta) as object;
}

/** A logger whose every message and metadata string is redacted. */
export function redactingLogger(logger: LoggerService): LoggerService {
  return {
    error: (message, meta) =>
      logger.error(redactSecrets(message), redactMeta(meta)),
    warn: (message, meta) =>
      logger.warn(redactSecrets(message), redactMeta(meta)),
    info: (message, meta) =>
      logger.info(redactSecrets(message), redactMeta(meta)),
    debug: (message, meta) =>
      logger.debug(redactSecrets(message), redactMeta(meta)),
    child: meta =>
      redactingLogger(logger.child(redactDeep(meta) as typeof meta)),
  };
}
