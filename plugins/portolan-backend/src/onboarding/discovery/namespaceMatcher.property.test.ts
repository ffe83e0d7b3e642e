/*
 * Property tests of the namespace glob matcher (issue 15), with fast-check:
 * the same answers as a textbook dynamic-programming glob matcher (the
 * oracle: no regular expression, no backtracking), and a work bound in
 * counted comparisons, never in time, on any pattern, hostile or not.
 */
import fc from 'fast-check';
import {
  type MatchCounter,
  matchGlob,
  namespaceMatcher,
} from './namespaceMatcher';

/** `*` = any run of characters, everything else literal: O(|p|·|t|) table. */
function oracle(pattern: string, text: string): boolean {
  // row[j]: pattern[0..i) matches text[0..j)
  let row = Array.from({ length: text.length + 1 }, (_, j) => j === 0);
  for (const c of pattern) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    if (c === '*') {
      next[0] = row[0];
      for (let j = 1; j <= text.length; j++) next[j] = row[j] || next[j - 1];
    } else {
      for (let j = 1; j <= text.length; j++)
        next[j] = row[j - 1] && text[j - 1] === c;
    }
    row = next;
  }
  return row[text.length];
}

// Few letters, so that literals between stars recur and overlap; regex
// metacharacters, which must be plain characters here.
const ALPHABET = ['a', 'b', '-', '.', '+', '?', '(', '\\', '$'];
const text = (max: number) =>
  fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: max });
const pattern = (max: number) =>
  fc.string({
    unit: fc.constantFrom(...ALPHABET, '*', '*', '*'),
    maxLength: max,
  });

/** The bound: every literal is looked for at most once per text position. */
const bound = (p: string, t: string) => (p.length + 1) * (t.length + 1);

describe('namespace globs (properties)', () => {
  it('answers as the dynamic-programming glob matcher does', () => {
    fc.assert(
      fc.property(pattern(12), text(14), (p, t) => {
        expect(matchGlob(p, t)).toBe(oracle(p, t));
      }),
      { numRuns: 5000 },
    );
  });

  it('matches every name built from the pattern by filling its stars', () => {
    fc.assert(
      fc.property(
        pattern(12),
        fc.array(text(5), { minLength: 12, maxLength: 12 }),
        (p, fills) => {
          let k = 0;
          const name = p.replace(/\*/g, () => fills[k++]);
          expect(matchGlob(p, name)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stays within (|pattern|+1)·(|name|+1) comparisons on any input', () => {
    const hostile = fc
      .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 200 }))
      .map(([stars, n]) => ({
        p: `${'*a'.repeat(stars)}*b`,
        t: 'a'.repeat(n),
      }));
    fc.assert(
      fc.property(
        fc.oneof(fc.record({ p: pattern(80), t: text(200) }), hostile),
        ({ p, t }) => {
          const counter: MatchCounter = { steps: 0 };
          matchGlob(p, t, counter);
          expect(counter.steps).toBeLessThanOrEqual(bound(p, t));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('matches a namespace when any pattern of the list does', () => {
    fc.assert(
      fc.property(fc.array(pattern(8), { maxLength: 5 }), text(10), (ps, t) => {
        expect(namespaceMatcher(ps)(t)).toBe(ps.some(p => oracle(p, t)));
      }),
      { numRuns: 2000 },
    );
  });
});
