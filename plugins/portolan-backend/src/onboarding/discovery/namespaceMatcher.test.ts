import {
  type MatchCounter,
  matchGlob,
  namespaceMatcher,
} from './namespaceMatcher';

/** The glob's meaning, by dynamic programming: the reference to compare with. */
function reference(pattern: string, text: string): boolean {
  const m = pattern.length;
  const n = text.length;
  let row = Array.from({ length: n + 1 }, (_, j) => j === 0);
  for (let i = 1; i <= m; i++) {
    const next = new Array<boolean>(n + 1).fill(false);
    next[0] = pattern[i - 1] === '*' && row[0];
    for (let j = 1; j <= n; j++) {
      next[j] =
        pattern[i - 1] === '*'
          ? row[j] || next[j - 1]
          : row[j - 1] && pattern[i - 1] === text[j - 1];
    }
    row = next;
  }
  return row[n];
}

describe('namespaceMatcher', () => {
  it('matches names exactly and globs over whole names', () => {
    const excluded = namespaceMatcher(['argocd', 'kube-*', '*-system']);
    expect(
      ['argocd', 'argocd-apps', 'kube-system', 'kube-public', 'kubeflow'].map(
        excluded,
      ),
    ).toEqual([true, false, true, true, false]);
    expect(excluded('istio-system')).toBe(true);
    expect(excluded('payments')).toBe(false);
  });

  it('treats nothing but * as special', () => {
    const excluded = namespaceMatcher(['a.b', 'c+*']);
    expect(excluded('axb')).toBe(false);
    expect(excluded('a.b')).toBe(true);
    expect(excluded('c+d')).toBe(true);
    expect(excluded('cd')).toBe(false);
  });

  it('matches nothing without patterns', () => {
    expect(namespaceMatcher([])('kube-system')).toBe(false);
  });

  it('matches a hostile pattern within a fixed work bound (steps, not time)', () => {
    // `*a*a*a…*b` backtracked exponentially as a regular expression.
    const pattern = `${'*a'.repeat(40)}*b`;
    const name = 'a'.repeat(63);
    const counter: MatchCounter = { steps: 0 };
    expect(matchGlob(pattern, name, counter)).toBe(false);
    expect(counter.steps).toBeLessThanOrEqual(
      (pattern.length + 1) * (name.length + 1),
    );
    const near: MatchCounter = { steps: 0 };
    expect(matchGlob(`${'*a'.repeat(40)}*`, `${'a'.repeat(62)}b`, near)).toBe(
      true,
    );
    expect(near.steps).toBeLessThanOrEqual(81 * 64);
    expect(namespaceMatcher([pattern])(name)).toBe(false);
  });

  it('agrees with the glob meaning on every short pattern and name', () => {
    const alphabet = ['a', 'b', '*'];
    const words = (max: number, letters: string[]): string[] => {
      const out = [''];
      for (let len = 1; len <= max; len++) {
        for (const w of out.filter(x => x.length === len - 1)) {
          for (const c of letters) out.push(w + c);
        }
      }
      return out;
    };
    const names = words(5, ['a', 'b']);
    for (const pattern of words(5, alphabet)) {
      for (const name of names) {
        expect([pattern, name, matchGlob(pattern, name)]).toEqual([
          pattern,
          name,
          reference(pattern, name),
        ]);
      }
    }
  });
});
