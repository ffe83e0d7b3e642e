/*
 * The extension point through which backend modules add sources to the
 * Portolan backend. Sources must be added before the backend starts; the
 * cache watches the union of what they declare.
 */
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { PortolanSource } from './source';

/**
 * Adds {@link PortolanSource}s to the Portolan backend.
 *
 * @public
 */
export interface PortolanSourcesExtensionPoint {
  addSource(...sources: PortolanSource[]): void;
}

/**
 * The extension point for {@link PortolanSourcesExtensionPoint}.
 *
 * @public
 */
export const portolanSourcesExtensionPoint =
  createExtensionPoint<PortolanSourcesExtensionPoint>({
    id: 'portolan.sources',
  });
