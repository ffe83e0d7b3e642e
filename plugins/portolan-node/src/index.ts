/**
 * Extension points for backend modules that extend Portolan, and the Source
 * contract they implement.
 *
 * @packageDocumentation
 */
export * from './source';
export * from './extensionPoint';
