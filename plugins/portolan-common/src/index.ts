/**
 * Portolan's shared model: permissions, annotation names, and (as sources
 * land) the zod schemas and types of the delivery view.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './model/delivery';
export * from './annotations';
export * from './model/clusters';
export * from './model/workloads';
export * from './model/entityView';
export * from './api';
export * from './model/images';
export * from './model/onboarding';
export * from './signals';
