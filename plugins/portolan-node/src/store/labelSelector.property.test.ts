/*
 * Property tests of the label selector parser and matcher (issue 15), with
 * fast-check. The oracle for matching and for what is valid is kube-sim's
 * parser, written separately on purpose (see labelSelector.ts) and held
 * against a real kube-apiserver: two independent readings of the grammar
 * must agree on every generated selector.
 */
import { InputError } from '@backstage/errors';
import { LabelSelector as SimSelector } from '@portolan/kube-sim';
import fc from 'fast-check';
import {
  type LabelRequirement,
  indexableRequirement,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

const RUNS = { numRuns: 400 };

// A small pool of keys and values, so that selectors and labels collide often.
const KEYS = [
  'app',
  'tier',
  'backstage.io/kubernetes-id',
  'app.kubernetes.io/part-of',
  'a.b-c/x_y.z',
  'Z9',
];
const VALUES = ['', 'web', 'payments-api', 'v1.2', 'x_y', 'A-9', 'a'];

const key = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYS) },
  {
    weight: 1,
    arbitrary: fc.stringMatching(
      /^([a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,8}[A-Za-z0-9])?$/,
    ),
  },
);
const value = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...VALUES) },
  {
    weight: 1,
    arbitrary: fc.stringMatching(
      /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,8}[A-Za-z0-9])?$/,
    ),
  },
);

const requirement: fc.Arbitrary<LabelRequirement> = fc.oneof(
  fc.record({
    key,
    operator: fc.constantFrom('in' as const, 'notin' as const),
    values: fc.array(value, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    key,
    operator: fc.constantFrom('exists' as const, 'doesnotexist' as const),
  }),
);

const space = fc.constantFrom('', '', ' ', '  ', '\t');

/** One requirement as text, in one of the spellings the grammar allows. */
function spell(
  r: LabelRequirement,
  s: string[],
  style: number,
): fc.Arbitrary<string> | string {
  const [a, b, c, d] = s;
  switch (r.operator) {
    case 'exists':
      return `${a}${r.key}${b}`;
    case 'doesnotexist':
      return `${a}!${b}${r.key}${c}`;
    case 'in':
      if (r.values.length === 1 && style % 3 === 0)
        return `${a}${r.key}${b}=${c}${r.values[0]}${d}`;
      if (r.values.length === 1 && style % 3 === 1)
        return `${a}${r.key}${b}==${c}${r.values[0]}${d}`;
      return `${a}${r.key} in${b}(${r.values.join(`${c},${d}`)})${c}`;
    default:
      if (r.values.length === 1 && style % 2 === 0)
        return `${a}${r.key}${b}!=${c}${r.values[0]}${d}`;
      return `${a}${r.key} notin${b}(${r.values.join(`${c},${d}`)})${c}`;
  }
}

/** A selector with its text: requirements spelled with random spacing and operators. */
const selector = fc
  .array(
    fc.tuple(
      requirement,
      fc.array(space, { minLength: 4, maxLength: 4 }),
      fc.nat(),
    ),
    { maxLength: 4 },
  )
  .map(parts => ({
    requirements: parts.map(([r]) => r),
    text: parts.map(([r, s, style]) => spell(r, s, style)).join(','),
  }));

const labels = fc.dictionary(key, value, { maxKeys: 5 });

describe('label selectors (properties)', () => {
  it('parses every generated selector back to its requirements', () => {
    fc.assert(
      fc.property(selector, ({ requirements, text }) => {
        expect(parseLabelSelector(text).requirements).toEqual(requirements);
      }),
      RUNS,
    );
  });

  it('matches exactly as kube-sim (the API server grammar) does', () => {
    fc.assert(
      fc.property(selector, labels, ({ text }, l) => {
        const ours = matchesLabelSelector(parseLabelSelector(text), l);
        expect(ours).toBe(SimSelector.parse(text).matches(l));
      }),
      RUNS,
    );
  });

  it('matches the requirement semantics of Kubernetes, one requirement at a time', () => {
    fc.assert(
      fc.property(selector, labels, ({ requirements, text }, l) => {
        const holds = (r: LabelRequirement) => {
          const has = Object.prototype.hasOwnProperty.call(l, r.key);
          if (!('values' in r)) return r.operator === 'exists' ? has : !has;
          const hit = has && r.values.includes(l[r.key]);
          return r.operator === 'in' ? hit : !hit;
        };
        expect(matchesLabelSelector(parseLabelSelector(text), l)).toBe(
          requirements.every(holds),
        );
      }),
      RUNS,
    );
  });

  it('accepts and refuses the same strings as kube-sim, and refuses with an InputError', () => {
    // Strings over the grammar's own alphabet, so most are near-misses.
    const noise = fc
      .array(
        fc.constantFrom(
          'a',
          'b.c/d',
          '-',
          '_',
          '.',
          '/',
          '=',
          '==',
          '!=',
          '!',
          '(',
          ')',
          ',',
          ' ',
          ' in ',
          ' notin ',
          'in',
          'x',
          '9',
        ),
        { maxLength: 10 },
      )
      .map(parts => parts.join(''));
    fc.assert(
      fc.property(noise, text => {
        let simOk = true;
        try {
          SimSelector.parse(text);
        } catch {
          simOk = false;
        }
        let ours: unknown;
        try {
          parseLabelSelector(text);
        } catch (e) {
          ours = e;
        }
        expect({
          text,
          accepted: ours === undefined,
          refusedWithInputError: ours instanceof InputError,
        }).toEqual({ text, accepted: simOk, refusedWithInputError: !simOk });
      }),
      { numRuns: 2000 },
    );
  });

  it('never misses a match through the index lookup it proposes', () => {
    fc.assert(
      fc.property(
        selector,
        labels,
        fc.subarray(KEYS),
        ({ text }, l, indexed) => {
          const parsed = parseLabelSelector(text);
          const lookup = indexableRequirement(parsed, k => indexed.includes(k));
          // A proposed lookup is on an indexed key and holds for every match.
          const missed =
            lookup !== undefined &&
            matchesLabelSelector(parsed, l) &&
            (!indexed.includes(lookup.key) || l[lookup.key] !== lookup.value);
          expect(missed).toBe(false);
        },
      ),
      RUNS,
    );
  });
});
