/**
 * Extension points for backend modules that extend Portolan.
 *
 * @packageDocumentation
 */
export {};
