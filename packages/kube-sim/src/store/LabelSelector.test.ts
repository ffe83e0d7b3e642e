import { ApiError } from './ApiError';
import { LabelSelector } from './LabelSelector';

const labels = {
  app: 'web',
  tier: 'front',
  'app.kubernetes.io/name': 'shop',
  version: '3',
};

describe('LabelSelector', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=db', false],
    ['app!=db', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (db, web)', true],
    ['app in (db,cache)', false],
    ['app notin (db)', true],
    ['app notin (web,db)', false],
    ['missing notin (web)', true],
    ['missing in (web)', false],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app=web,tier=front', true],
    ['app=web,tier=back', false],
    ['app.kubernetes.io/name=shop,app in (web)', true],
    ['version>2', true],
    ['version<3', false],
    ['app=web, !missing, tier in (front,back)', true],
  ])('%s matches: %s', (sel, expected) => {
    expect(LabelSelector.parse(sel).matches(labels)).toBe(expected);
  });

  // The API server's parser reads an empty value at `(,`, `,,` and `,)`
  // (found by labelSelector.property.test.ts in portolan-node).
  it.each([
    ['tier in (web,)', true],
    ['tier in (,web)', true],
    ['tier in (web,,db)', true],
    ['tier in (web,db)', false],
    ['tier notin (web,)', false],
  ])('%s on an empty label value matches: %s', (sel, expected) => {
    expect(LabelSelector.parse(sel).matches({ tier: '' })).toBe(expected);
  });

  it('treats objects without labels as having none', () => {
    expect(LabelSelector.parse('!app').matches(undefined)).toBe(true);
    expect(LabelSelector.parse('app').matches(undefined)).toBe(false);
  });

  it.each(['app=', 'app=,x'])('accepts empty values (%s)', sel => {
    expect(LabelSelector.parse(sel).matches({ app: '' })).toBe(
      sel === 'app=' ? true : false,
    );
  });

  it.each([
    'app in web',
    'app=(x)',
    '=web',
    'app=web,',
    'app notin',
    'app=a b',
    'a%b=c',
    'version>x',
    // The key's prefix is a lowercase DNS-1123 subdomain.
    'a.-b.c/d',
    'a-.b/d',
    'a..b/d',
    'Example.com/app',
  ])('rejects %s with a 400', sel => {
    let err: unknown;
    try {
      LabelSelector.parse(sel);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(400);
    expect((err as ApiError).message).toMatch(
      /unable to parse requirement|invalid/,
    );
  });
});
