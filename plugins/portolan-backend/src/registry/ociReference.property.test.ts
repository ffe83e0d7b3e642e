/*
 * Property tests of the OCI reference parser (issue 15), with fast-check.
 * The oracle is the distribution/reference grammar written out as one
 * regular expression (reference.go's ReferenceRegexp); the parser may be
 * stricter (it only names digests it can verify), never looser. The
 * security property: whatever it accepts becomes a registry URL whose host
 * and path are exactly the ones it parsed, nothing a URL parser would
 * normalise, unescape or cut at `?` or `#`.
 */
import fc from 'fast-check';
import { parseOciReference } from './ociReference';

// distribution/reference regexp.go, anchored.
const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST =
  '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^${NAME}(?::${TAG})?(?:@${DIGEST})?$`);

const hex = (n: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789abcdef'),
    minLength: n,
    maxLength: n,
  });
const component = fc.stringMatching(
  /^[a-z0-9]{1,4}(?:(?:[._]|__|-{1,2})[a-z0-9]{1,4}){0,2}$/,
);
const host = fc.oneof(
  fc.constantFrom(
    'registry.acme.example',
    'localhost:5000',
    'ghcr.io',
    'Reg.Example:443',
    '[::1]:5000',
  ),
  fc.stringMatching(/^[a-z0-9]{1,6}(\.[a-z][a-z0-9]{0,5})(:[1-9][0-9]{1,3})?$/),
  fc.stringMatching(/^([1-9]?[0-9]\.){3}[1-9]?[0-9](:[1-9][0-9]{1,3})?$/),
);
const tag = fc.stringMatching(/^\w[\w.-]{0,12}$/);
const digest = fc.oneof(
  hex(64).map(h => `sha256:${h}`),
  hex(128).map(h => `sha512:${h}`),
);

/** A valid reference by the grammar, with its expected parts. */
const valid = fc
  .record({
    host: fc.option(host, { nil: undefined }),
    path: fc.array(component, { minLength: 1, maxLength: 3 }),
    tag: fc.option(tag, { nil: undefined }),
    digest: fc.option(digest, { nil: undefined }),
  })
  .map(r => {
    const path = r.path.join('/');
    const text = `${r.host ? `${r.host}/` : ''}${path}${
      r.tag ? `:${r.tag}` : ''
    }${r.digest ? `@${r.digest}` : ''}`;
    const implicit = !r.host && r.path.length === 1;
    return {
      text,
      // Without a host, the first component is a path (Docker Hub) unless it looks like a host.
      expected: r.host
        ? { registry: r.host, repository: path }
        : {
            registry: 'docker.io',
            repository: implicit ? `library/${path}` : path,
          },
      reference: r.digest ?? r.tag ?? 'latest',
    };
  })
  // A host-less first component with a '.' is a domain by the split rule: not in this arbitrary.
  .filter(
    r =>
      r.text.length < 250 &&
      (r.expected.registry !== 'docker.io' ||
        !r.text.split('/')[0].includes('.')),
  );

/** Strings made of reference pieces and hostile ones: traversal, queries, escapes. */
const hostile = fc
  .array(
    fc.oneof(
      component,
      host,
      fc.constantFrom(
        '/',
        ':',
        '@',
        '../',
        '..',
        './',
        '%2e%2e',
        '%2F',
        '?',
        '#',
        '\\',
        ' ',
        '\n',
        '//',
        'sha256:',
        'A',
        'é',
        '\u0000',
        '[',
        ']',
      ),
      hex(64),
    ),
    { maxLength: 8 },
  )
  .map(parts => parts.join(''));

describe('OCI references (properties)', () => {
  it('accepts every generated reference and returns its parts', () => {
    fc.assert(
      fc.property(valid, ({ text, expected, reference }) => {
        expect(parseOciReference(text)).toEqual({ ...expected, reference });
      }),
      { numRuns: 500 },
    );
  });

  it('never accepts a string outside the distribution grammar', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostile,
          valid.map(v => v.text),
        ),
        text => {
          // Refused, or in the grammar.
          expect({
            text,
            acceptedOutsideGrammar:
              parseOciReference(text) !== undefined && !REFERENCE.test(text),
          }).toEqual({ text, acceptedOutsideGrammar: false });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('turns into a registry URL with exactly the parsed host and path', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          hostile,
          valid.map(v => v.text),
        ),
        text => {
          const ref = parseOciReference(text);
          if (!ref) return;
          const path = `/v2/${ref.repository}/manifests/${ref.reference}`;
          const url = new URL(`https://${ref.registry}${path}`);
          expect(url.pathname).toBe(path);
          expect(url.search).toBe('');
          expect(url.hash).toBe('');
          expect(url.host).toBe(
            ref.registry.toLowerCase().replace(/:443$/, ''),
          );
          // A tag may hold '..' ("1.0..rc"): harmless in the last segment, which starts with a word character.
          expect(ref.repository).not.toMatch(/\.\.|%|\?|#|\\|\/\/|\s/);
          expect(ref.reference).not.toMatch(/^\.|%|\?|#|\\|\/|\s/);
        },
      ),
      { numRuns: 3000 },
    );
  });
});
