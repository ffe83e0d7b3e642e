/**
 * Extension points for backend modules that extend Portolan, the Source
 * contract they implement, and the in-memory store contract that the
 * backend's cache and its sources share.
 *
 * @packageDocumentation
 */
export * from './source';
export * from './extensionPoint';
export * from './store';
