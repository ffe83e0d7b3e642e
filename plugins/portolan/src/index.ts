/**
 * Portolan frontend plugin: legacy exports. The new frontend system's plugin
 * is in `@portolan/plugin-portolan/alpha`.
 *
 * @packageDocumentation
 */
export { portolanPlugin } from './plugin';
