import { namespaceMatcher } from './namespaceMatcher';

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
});
