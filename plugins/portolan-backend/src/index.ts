/**
 * The Portolan backend plugin.
 *
 * @packageDocumentation
 */
export { portolanPlugin as default } from './plugin';
