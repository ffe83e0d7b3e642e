/*
 * Property tests of redaction (issue 15), with fast-check: a generated
 * credential, in every shape the backend is known to meet (git URLs with
 * userinfo, presigned query strings, k3s node-args flags, exec-plugin
 * stderr, headers, JWTs, AWS keys, k3s join tokens), inside random text,
 * JSON values and log metadata, never survives redaction.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import fc from 'fast-check';
import {
  applyPatterns,
  redactDeep,
  redactSecrets,
  redactingLogger,
} from './redactSecrets';

const ALNUM = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
];
/** A credential: starts with a letter or digit, 12-40 characters of base64url. */
const secret = fc
  .tuple(
    fc.constantFrom(...ALNUM),
    fc.string({
      unit: fc.constantFrom(...ALNUM, '_', '-'),
      minLength: 11,
      maxLength: 39,
    }),
  )
  .map(([a, b]) => a + b);
const hexString = (min: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: min });
const upper = (n: number) =>
  fc.string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
    minLength: n,
    maxLength: n,
  });

/** A shape and the credential inside it (the part that must go). */
const credential: fc.Arbitrary<{ text: string; secret: string }> = fc.oneof(
  ...[
    (s: string) => `https://git:${s}@git.acme.example/payments/app.git`,
    (s: string) => `https://${s}@github.com/acme/app`,
    (s: string) => `ssh://deploy:${s}@git.acme.example:22/app.git`,
    (s: string) =>
      `https://b.s3.amazonaws.com/o.tgz?X-Amz-Date=20261120&X-Amz-Signature=${s}&X-Amz-Expires=60`,
    (s: string) =>
      `https://storage.googleapis.com/b/o?X-Goog-Credential=svc&X-Goog-Signature=${s}`,
    (s: string) => `https://acct.blob.core.windows.net/c/b?sv=2024&sig=${s}`,
    (s: string) => `https://api.example/cb?code=${s}&state=1`,
    (s: string) => `--token=${s}`,
    (s: string) => `--token ${s}`,
    (s: string) => `--agent-token=${s}`,
    (s: string) => `--etcd-s3-secret-key ${s}`,
    (s: string) => `["--node-label","a=b","--token","${s}"]`,
    (s: string) => `token: ${s}`,
    (s: string) => `password=${s}`,
    (s: string) => `"client_secret": "${s}"`,
    (s: string) => `api_key=${s}`,
    (s: string) => `AWS_SECRET_ACCESS_KEY=${s}`,
    (s: string) => `Authorization: Bearer ${s}`,
    (s: string) => `authorization: basic ${s}`,
  ].map(shape => secret.map(s => ({ text: shape(s), secret: s }))),
  fc
    .tuple(secret, secret, secret)
    .map(([a, b, c]) => `eyJ${a}.${b}.${c}`)
    .map(jwt => ({ text: jwt, secret: jwt })),
  upper(16).map(k => ({ text: `AKIA${k}`, secret: `AKIA${k}` })),
  fc
    .tuple(hexString(16), secret)
    .map(([h, s]) => ({ text: `K10${h}::server:${s}`, secret: s })),
);

/** Text around it, joined by a separator (a credential glued to a word is another word). */
const SEPARATORS = [' ', '\n', '\t', '"', "'", ',', '(', ')', '[', ']', ': '];
const context = fc.string({
  unit: fc.constantFrom(...ALNUM.slice(0, 30), ' ', '.', ':', '/', '{', '}'),
  maxLength: 30,
});
const message = fc
  .tuple(
    context,
    fc.constantFrom(...SEPARATORS),
    credential,
    fc.constantFrom(...SEPARATORS),
    context,
  )
  .map(([before, s1, c, s2, after]) => ({
    text: `${before}${s1}${c.text}${s2}${after}`,
    secret: c.secret,
  }));

describe('redaction (properties)', () => {
  it('leaves no generated credential in any message', () => {
    fc.assert(
      fc.property(message, ({ text, secret: s }) => {
        expect(redactSecrets(text)).not.toContain(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent and keeps the text around the credential', () => {
    fc.assert(
      fc.property(message, ({ text }) => {
        const once = redactSecrets(text);
        expect(redactSecrets(once)).toBe(once);
        expect(once).toContain('[redacted]');
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves none in any JSON value, however deep', () => {
    const tree = (leaf: fc.Arbitrary<string>) =>
      fc.letrec<{ node: unknown }>(tie => ({
        node: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          leaf,
          fc.array(tie('node'), { maxLength: 3 }),
          fc.dictionary(
            fc.constantFrom('message', 'url', 'args', 'x'),
            tie('node'),
            {
              maxKeys: 3,
            },
          ),
        ),
      })).node;
    fc.assert(
      fc.property(
        message,
        fc.array(fc.constantFrom('message', 'evidence', 'items', '0'), {
          maxLength: 4,
        }),
        tree(context),
        ({ text, secret: s }, path, noise) => {
          // The credential at a random depth, beside random values.
          let value: unknown = text;
          for (const key of path) value = { [key]: value, noise };
          expect(JSON.stringify(redactDeep(value))).not.toContain(s);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('skips by its cheap test only text no pattern would change', () => {
    const anyText = fc.oneof(
      message.map(m => m.text),
      context,
      fc.string({ maxLength: 60 }),
      fc.string({
        unit: fc.constantFrom(...'@=-:/?&;"\' kKeyTtoKEn10AIS', ...ALNUM),
        maxLength: 60,
      }),
      hexString(64).map(h => `registry.acme.example/team/app@sha256:${h}`),
      // A query string without a scheme before it: only its `=` tells.
      fc
        .tuple(
          context,
          fc.constantFrom('?', '&', ';'),
          fc.constantFrom('sig', 'sv', 'se', 'code', 'auth', 'X-Amz-Signature'),
          secret,
        )
        .map(([path, sep, name, value]) => `${path}${sep}${name}=${value}`),
    );
    fc.assert(
      fc.property(anyText, text => {
        expect(redactSecrets(text)).toBe(applyPatterns(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('never changes its input, and shares every part with nothing to redact', () => {
    const deepFreeze = (v: unknown): unknown => {
      if (v && typeof v === 'object') {
        for (const child of Object.values(v)) deepFreeze(child);
        Object.freeze(v);
      }
      return v;
    };
    const value = fc.letrec<{ node: unknown }>(tie => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        context,
        message.map(m => m.text),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.constantFrom('message', 'url', 'x'), tie('node'), {
          maxKeys: 3,
        }),
      ),
    })).node;
    fc.assert(
      fc.property(value, v => {
        const before = JSON.stringify(v);
        const out = redactDeep(deepFreeze(v));
        expect(JSON.stringify(v)).toBe(before);
        // Shared exactly when nothing in it was redacted.
        expect(out === v).toBe(JSON.stringify(out) === before);
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves none in a log line: message, metadata, error and child metadata', () => {
    fc.assert(
      fc.property(message, ({ text, secret: s }) => {
        const lines: string[] = [];
        const sink: LoggerService = {
          error: (m, meta) =>
            lines.push(
              m,
              `${JSON.stringify(meta)}`,
              String((meta as Error)?.stack),
            ),
          warn: (m, meta) => lines.push(m, `${JSON.stringify(meta)}`),
          info: (m, meta) => lines.push(m, `${JSON.stringify(meta)}`),
          debug: (m, meta) => lines.push(m, `${JSON.stringify(meta)}`),
          child: meta => {
            lines.push(`${JSON.stringify(meta)}`);
            return sink;
          },
        };
        const logger = redactingLogger(sink);
        logger.warn(text, { detail: text });
        logger.error('failed', new Error(text));
        logger.child({ cluster: text }).info(text);
        for (const line of lines) expect(line).not.toContain(s);
      }),
      { numRuns: 500 },
    );
  });
});
