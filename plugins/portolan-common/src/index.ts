/**
 * Portolan's shared model: permissions, annotation names, and (as sources
 * land) the zod schemas and types of the delivery view.
 *
 * @packageDocumentation
 */
export * from './permissions';
