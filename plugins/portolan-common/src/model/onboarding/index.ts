/*
 * Onboarding: the per-service checklist, the fleet view and discovery of
 * services already running.
 */
export * from './checklist';
export * from './fleet';
export * from './discovery';
