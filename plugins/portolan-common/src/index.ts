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
/**
 * The client (`DefaultApiClient`) and the model types generated from the
 * backend's OpenAPI spec, the API's one description; the frontend takes
 * its response types from here.
 */
export * as PortolanOpenApi from './schema/openapi';
export * from './signals';
