import type { CacheService } from '@backstage/backend-plugin-api';
import { CachedImageReader } from './CachedImageReader';
import type {
  ImageLocator,
  RegistryClient,
  RegistryImage,
} from './RegistryClient';
import { RegistryError } from './RegistryError';
import { MemoryCacheService } from './__testUtils__/MemoryCacheService';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const byDigest: ImageLocator = {
  registry: 'registry.acme.example',
  repository: 'payments/api',
  reference: `sha256:${'a'.repeat(64)}`,
};
const byTag: ImageLocator = { ...byDigest, reference: 'latest' };

function image(topLayer: string): RegistryImage {
  return {
    manifestDigest: `sha256:${'a'.repeat(64)}`,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    configDigest: `sha256:${'c'.repeat(64)}`,
    layerCount: 1,
    platform: AMD64,
    labels: { a: 'b' },
    env: [],
    entrypoint: [],
    diffIds: [topLayer],
  };
}

function setup(cache?: CacheService) {
  let now = Date.parse('2026-11-20T06:00:00Z');
  const readImage = jest.fn<Promise<RegistryImage>, [ImageLocator]>();
  const memory = new MemoryCacheService(() => now);
  const reader = new CachedImageReader({
    client: { readImage } as unknown as RegistryClient,
    cache: cache ?? memory,
    tagTtlMs: 60_000,
    errorTtlMs: 10_000,
    now: () => now,
  });
  return {
    reader,
    readImage,
    memory,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('CachedImageReader', () => {
  it('shares one registry read between concurrent callers and caches digests for long', async () => {
    const { reader, readImage, advance } = setup();
    let release: (value: RegistryImage) => void = () => undefined;
    readImage.mockReturnValueOnce(new Promise(resolve => (release = resolve)));
    const reads = [1, 2, 3].map(() => reader.read(byDigest, AMD64));
    release(image('sha256:top'));
    const outcomes = await Promise.all(reads);
    expect(readImage).toHaveBeenCalledTimes(1);
    expect(
      outcomes.every(o => o.ok && o.image.diffIds[0] === 'sha256:top'),
    ).toBe(true);

    advance(7 * 86_400_000);
    await reader.read(byDigest, AMD64);
    expect(readImage).toHaveBeenCalledTimes(1);
  });

  it('trusts a tag for the tag TTL only', async () => {
    const { reader, readImage, advance } = setup();
    readImage.mockResolvedValueOnce(image('sha256:old'));
    readImage.mockResolvedValueOnce(image('sha256:new'));
    const first = await reader.read(byTag, AMD64);
    advance(59_000);
    expect(await reader.read(byTag, AMD64)).toEqual(first);
    advance(2_000);
    const later = await reader.read(byTag, AMD64);
    expect(later).toMatchObject({
      ok: true,
      image: { diffIds: ['sha256:new'] },
    });
    expect(readImage).toHaveBeenCalledTimes(2);
  });

  it('remembers a failure for the error TTL, but never a refusal', async () => {
    const { reader, readImage, advance } = setup();
    readImage.mockRejectedValue(new RegistryError('timeout', 'no answer'));
    expect(await reader.read(byDigest, AMD64)).toMatchObject({
      ok: false,
      failure: 'timeout',
      message: 'no answer',
      checkedAt: '2026-11-20T06:00:00.000Z',
    });
    await reader.read(byDigest, AMD64);
    expect(readImage).toHaveBeenCalledTimes(1);
    advance(10_001);
    await reader.read(byDigest, AMD64);
    expect(readImage).toHaveBeenCalledTimes(2);

    readImage.mockRejectedValue(new RegistryError('not-allowed', 'no'));
    await reader.read(byTag, AMD64);
    await reader.read(byTag, AMD64);
    expect(readImage).toHaveBeenCalledTimes(4);
  });

  it('keys by platform', async () => {
    const { reader, readImage } = setup();
    readImage.mockResolvedValue(image('sha256:x'));
    await reader.read(byDigest, AMD64);
    await reader.read(byDigest, { os: 'linux', architecture: 'arm64' });
    await reader.read(byDigest, {
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
    });
    expect(readImage).toHaveBeenCalledTimes(3);
  });

  it('reads again when the cached entry is not what it should be, or the cache is down', async () => {
    const { reader, readImage, memory } = setup();
    readImage.mockResolvedValue(image('sha256:x'));
    await reader.read(byDigest, AMD64);
    const [key] = memory.keys();
    await memory.set(key, '{"ok": true, "image": {"labels": 5}}');
    await reader.read(byDigest, AMD64);
    expect(readImage).toHaveBeenCalledTimes(2);

    const broken = {
      get: jest.fn().mockRejectedValue(new Error('redis down')),
      set: jest.fn().mockRejectedValue(new Error('redis down')),
    } as unknown as CacheService;
    const down = setup(broken);
    down.readImage.mockResolvedValue(image('sha256:y'));
    expect(await down.reader.read(byDigest, AMD64)).toMatchObject({ ok: true });
  });

  it('refreshes the tags read recently and forgets idle ones', async () => {
    const { reader, readImage, advance } = setup();
    readImage.mockResolvedValueOnce(image('sha256:old'));
    await reader.read(byTag, AMD64);
    readImage.mockResolvedValueOnce(image('sha256:new'));
    expect(await reader.refreshTags()).toEqual({ refreshed: 1, failed: 0 });
    expect(await reader.read(byTag, AMD64)).toMatchObject({
      image: { diffIds: ['sha256:new'] },
    });
    expect(readImage).toHaveBeenCalledTimes(2);
    advance(3_600_001);
    expect(await reader.refreshTags()).toEqual({ refreshed: 0, failed: 0 });
    expect(readImage).toHaveBeenCalledTimes(2);
  });

  it('evicts the oldest entries it wrote past maxEntries, and bounds the tags it refreshes', async () => {
    const memory = new MemoryCacheService(() => Date.now());
    const readImage = jest.fn<Promise<RegistryImage>, [ImageLocator]>(
      async () => image('sha256:top'),
    );
    const reader = new CachedImageReader({
      client: { readImage } as unknown as RegistryClient,
      cache: memory,
      tagTtlMs: 60_000,
      errorTtlMs: 10_000,
      maxEntries: 3,
    });
    for (let i = 0; i < 5; i++) {
      await reader.read({ ...byTag, reference: `v${i}` }, AMD64);
    }
    expect(reader.entries).toBe(3);
    // The oldest were deleted from the cache: reading v0 asks the registry again.
    readImage.mockClear();
    await reader.read({ ...byTag, reference: 'v4' }, AMD64);
    expect(readImage).not.toHaveBeenCalled();
    await reader.read({ ...byTag, reference: 'v0' }, AMD64);
    expect(readImage).toHaveBeenCalledTimes(1);
    const { refreshed } = await reader.refreshTags();
    expect(refreshed).toBeLessThanOrEqual(3);
  });
});
