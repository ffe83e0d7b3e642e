import { ConfigReader } from '@backstage/config';
import { DEFAULT_VIEW_CACHE_OPTIONS, readViewCacheOptions } from './ViewCache';

const read = (viewCache?: object) =>
  readViewCacheOptions(new ConfigReader({ portolan: { viewCache } }));

describe('readViewCacheOptions', () => {
  it('uses the defaults without portolan.viewCache', () => {
    expect(readViewCacheOptions(new ConfigReader({}))).toEqual(
      DEFAULT_VIEW_CACHE_OPTIONS,
    );
    expect(read({})).toEqual(DEFAULT_VIEW_CACHE_OPTIONS);
  });

  it('reads sizes and durations', () => {
    expect(
      read({
        maxBytes: 1024,
        maxEntities: 10,
        registryTtl: '30s',
        callerTtl: { seconds: 2 },
      }),
    ).toEqual({
      maxBytes: 1024,
      maxEntities: 10,
      registryTtlMs: 30_000,
      callerTtlMs: 2_000,
    });
  });

  it('refuses a bad value, naming the key', () => {
    expect(() => read({ maxBytes: 0 })).toThrow(
      'portolan.viewCache.maxBytes must be a positive integer, got 0',
    );
    expect(() => read({ maxEntities: 1.5 })).toThrow(
      /portolan\.viewCache\.maxEntities/,
    );
    expect(() => read({ registryTtl: 'soon' })).toThrow(
      /portolan\.viewCache\.registryTtl/,
    );
  });
});
