import {
  indexableRequirement,
  matchesLabelSelector,
  parseLabelSelector,
} from './labelSelector';

const labels = {
  'backstage.io/kubernetes-id': 'payments-api',
  'app.kubernetes.io/part-of': 'payments',
  tier: 'web',
  empty: '',
};

function matches(selector: string, l: Record<string, string> = labels) {
  return matchesLabelSelector(parseLabelSelector(selector), l);
}

describe('parseLabelSelector', () => {
  it.each([
    ['backstage.io/kubernetes-id=payments-api', true],
    ['backstage.io/kubernetes-id==payments-api', true],
    ['backstage.io/kubernetes-id=ledger', false],
    ['tier!=web', false],
    ['tier!=batch', true],
    ['missing!=x', true],
    ['tier in (web, api)', true],
    ['tier in (batch)', false],
    ['tier notin (batch,cron)', true],
    ['tier notin (web)', false],
    ['missing notin (web)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['empty=', true],
    ['empty in ()', true],
    ['tier=web,app.kubernetes.io/part-of=payments', true],
    [' tier = web , !missing ', true],
    ['tier=web,app.kubernetes.io/part-of=storefront', false],
    ['', true],
  ])('%s → %s', (selector, expected) => {
    expect(matches(selector)).toBe(expected);
  });

  it.each([
    ['tier=web,', /trailing comma/],
    ['tier in web', /expected '\('/],
    ['tier in (web', /expected ',' or '\)'/],
    ['=web', /expected a label key/],
    ['tier>3', /not supported/],
    ['bad key=x', /unexpected 'key' after 'bad'/],
    ['Tier.example.COM/x=y', /not a valid label key/],
    ['tier=-web', /not a valid label value/],
    [`tier=${'x'.repeat(64)}`, /not a valid label value/],
  ])('rejects %s', (selector, message) => {
    expect(() => parseLabelSelector(selector, 'the annotation')).toThrow(
      message,
    );
  });

  it('names the context and throws an InputError', () => {
    expect(() =>
      parseLabelSelector('a in', 'kubernetes-label-selector annotation'),
    ).toThrow(
      expect.objectContaining({
        name: 'InputError',
        message: expect.stringContaining(
          "Invalid kubernetes-label-selector annotation 'a in'",
        ),
      }),
    );
  });
});

describe('indexableRequirement', () => {
  it('picks an equality requirement on an indexed key', () => {
    const selector = parseLabelSelector(
      'tier in (web,api),backstage.io/kubernetes-id=x',
    );
    expect(
      indexableRequirement(selector, k => k === 'backstage.io/kubernetes-id'),
    ).toEqual({ key: 'backstage.io/kubernetes-id', value: 'x' });
    expect(indexableRequirement(selector, () => false)).toBeUndefined();
    expect(
      indexableRequirement(parseLabelSelector('tier in (web,api)'), () => true),
    ).toBeUndefined();
  });
});
