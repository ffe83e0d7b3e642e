import {
  DOCKER_MANIFEST,
  OCI_INDEX,
  parseImageConfig,
  parseManifest,
  selectPlatform,
} from './ociManifests';

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseManifest', () => {
  it('takes the media type from Content-Type, else from the body', () => {
    const index = json({
      schemaVersion: 2,
      manifests: [
        {
          digest: 'sha256:a',
          platform: { os: 'linux', architecture: 'amd64' },
        },
      ],
    });
    expect(parseManifest(index, `${OCI_INDEX}; charset=utf-8`, 'x')).toEqual({
      kind: 'index',
      mediaType: OCI_INDEX,
      entries: [
        {
          digest: 'sha256:a',
          mediaType: undefined,
          platform: { os: 'linux', architecture: 'amd64' },
          attestation: false,
        },
      ],
    });
    const image = json({
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST,
      config: { digest: 'sha256:c' },
      layers: [{}, {}],
    });
    expect(parseManifest(image, 'application/json', 'x')).toEqual({
      kind: 'image',
      mediaType: DOCKER_MANIFEST,
      configDigest: 'sha256:c',
      layerCount: 2,
    });
  });

  it('refuses schema 1 manifests, non-JSON and configs without digests', () => {
    expect(() =>
      parseManifest(
        json({ schemaVersion: 1, fsLayers: [] }),
        'application/vnd.docker.distribution.manifest.v1+prettyjws',
        'app:1',
      ),
    ).toThrow(
      "Manifest app:1 has media type 'application/vnd.docker.distribution.manifest.v1+prettyjws', not an OCI or Docker v2 image or index",
    );
    expect(() =>
      parseManifest(Buffer.from('<html>'), 'text/html', 'app:1'),
    ).toThrow('Manifest app:1 is not valid JSON');
    expect(() =>
      parseManifest(json({ mediaType: DOCKER_MANIFEST }), undefined, 'app:1'),
    ).toThrow('Manifest app:1 has no config digest');
  });
});

describe('selectPlatform', () => {
  const entries = [
    {
      digest: 'amd',
      platform: { os: 'linux', architecture: 'amd64' },
      attestation: false,
    },
    {
      digest: 'armv7',
      platform: { os: 'linux', architecture: 'arm', variant: 'v7' },
      attestation: false,
    },
    {
      digest: 'arm64',
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      attestation: false,
    },
    {
      digest: 'att',
      platform: { os: 'unknown', architecture: 'unknown' },
      attestation: true,
    },
  ];

  it('matches OS, architecture and variant, treating arm64 as v8', () => {
    expect(
      selectPlatform(entries, { os: 'linux', architecture: 'amd64' }, 'x')
        .digest,
    ).toBe('amd');
    expect(
      selectPlatform(entries, { os: 'linux', architecture: 'arm64' }, 'x')
        .digest,
    ).toBe('arm64');
    expect(
      selectPlatform(
        entries,
        { os: 'linux', architecture: 'arm', variant: 'v7' },
        'x',
      ).digest,
    ).toBe('armv7');
    // No variant wanted: the only arm entry will do.
    expect(
      selectPlatform(entries, { os: 'linux', architecture: 'arm' }, 'x').digest,
    ).toBe('armv7');
    expect(() =>
      selectPlatform(
        entries,
        { os: 'linux', architecture: 'arm', variant: 'v6' },
        'app',
      ),
    ).toThrow(
      'app has no manifest for linux/arm/v6 (it has linux/amd64, linux/arm/v7, linux/arm64/v8)',
    );
    expect(() =>
      selectPlatform(entries, { os: 'windows', architecture: 'amd64' }, 'app'),
    ).toThrow(/has no manifest for windows\/amd64/);
  });
});

describe('parseImageConfig', () => {
  it('reads platform, labels, env, entrypoint and diff ids; drops non-string labels', () => {
    expect(
      parseImageConfig(
        json({
          os: 'linux',
          architecture: 'arm64',
          variant: 'v8',
          created: '2026-11-20T05:18:54.123456789Z',
          config: {
            Labels: { a: 'b', n: 1 },
            Env: ['A=1'],
            Entrypoint: ['/cnb/process/web'],
          },
          rootfs: { type: 'layers', diff_ids: ['sha256:1', 'sha256:2'] },
        }),
        'x',
      ),
    ).toEqual({
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      created: '2026-11-20T05:18:54.123Z',
      labels: { a: 'b' },
      env: ['A=1'],
      entrypoint: ['/cnb/process/web'],
      diffIds: ['sha256:1', 'sha256:2'],
    });
    expect(() => parseImageConfig(json({ config: {} }), 'cfg')).toThrow(
      'Image config cfg has no os/architecture',
    );
  });
});
