/*
 * The store side of the contract: what the backend's cache fills and what
 * sources are read through. Resource needs (one per watched type, from the
 * registered sources), the projection toolkit, the in-memory store with its
 * indexes, label selectors, and the read side a source sees. All of it is
 * in memory and synchronous: nothing here does I/O, so the cache (which
 * does) and sources (which must not) can both depend on it.
 */
export * from './projection';
export * from './ResourceStore';
export * from './labelSelector';
export * from './SourceSet';
export * from './ClusterStoreReader';
