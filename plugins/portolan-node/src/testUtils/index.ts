/**
 * Test utilities for Portolan sources: a cluster cache filled from fixture
 * objects, read through the same projection, store and snapshot as in
 * production, so a third-party source is tested the way the built-in ones
 * are.
 *
 * @packageDocumentation
 */
export { FixtureClusterCache } from './FixtureClusterCache';
