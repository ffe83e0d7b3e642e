/** What a response is rendered as, from the request's Accept header. */
export type Rendering =
  | { as: 'json' }
  | { as: 'table'; version: 'v1' | 'v1beta1' }
  | { as: 'partial'; version: 'v1' | 'v1beta1'; list: boolean }
  | { as: 'aggregated'; version: 'v2' | 'v2beta1' }
  | { as: 'unacceptable' };

export type RenderingKind = Rendering['as'];

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [{ type: 'application/json', params: {} }];
  return header.split(',').map(part => {
    const [type, ...rest] = part.split(';').map(s => s.trim());
    const params: Record<string, string> = {};
    for (const p of rest) {
      const eq = p.indexOf('=');
      if (eq > 0)
        params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
    }
    return { type: type.toLowerCase(), params };
  });
}

/**
 * Picks the first media range of the Accept header that the endpoint can
 * produce, in the client's order (as the API server's negotiation does).
 * `allowed` lists the transformations the endpoint supports besides JSON.
 */
export function negotiate(
  header: string | undefined,
  allowed: RenderingKind[],
): Rendering {
  for (const m of parseAccept(header)) {
    const json =
      m.type === 'application/json' ||
      m.type === '*/*' ||
      m.type === 'application/*';
    if (!json) continue;
    const as = m.params.as;
    if (!as) return { as: 'json' };
    const g = m.params.g;
    const v = m.params.v;
    if (
      as === 'Table' &&
      g === 'meta.k8s.io' &&
      (v === 'v1' || v === 'v1beta1') &&
      allowed.includes('table')
    ) {
      return { as: 'table', version: v };
    }
    if (
      (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') &&
      g === 'meta.k8s.io' &&
      (v === 'v1' || v === 'v1beta1') &&
      allowed.includes('partial')
    ) {
      return {
        as: 'partial',
        version: v,
        list: as === 'PartialObjectMetadataList',
      };
    }
    if (
      as === 'APIGroupDiscoveryList' &&
      g === 'apidiscovery.k8s.io' &&
      (v === 'v2' || v === 'v2beta1') &&
      allowed.includes('aggregated')
    ) {
      return { as: 'aggregated', version: v };
    }
  }
  return { as: 'unacceptable' };
}

/** The Content-Type header for a rendering. */
export function contentTypeOf(r: Rendering): string {
  switch (r.as) {
    case 'table':
      return `application/json;as=Table;v=${r.version};g=meta.k8s.io`;
    case 'partial':
      return `application/json;as=${
        r.list ? 'PartialObjectMetadataList' : 'PartialObjectMetadata'
      };v=${r.version};g=meta.k8s.io`;
    case 'aggregated':
      return `application/json;g=apidiscovery.k8s.io;v=${r.version};as=APIGroupDiscoveryList`;
    default:
      return 'application/json';
  }
}
