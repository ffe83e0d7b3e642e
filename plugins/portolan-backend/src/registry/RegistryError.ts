/*
 * Why a registry read failed, as one of the registry lookup states, so the
 * images view can say "not allowed" or "timed out" rather than "error".
 * Messages name hosts and paths only: never credentials or tokens.
 */
import { toError } from '@backstage/errors';
import type { RegistryLookupState } from '@portolan/plugin-portolan-common';

/** The lookup states a failure can end in. */
export type RegistryFailure = Exclude<
  RegistryLookupState,
  'fetched' | 'not-checked' | 'not-configured'
>;

export class RegistryError extends Error {
  constructor(readonly kind: RegistryFailure, message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** Any thrown value as a RegistryError (unexpected ones become `error`). */
export function toRegistryError(e: unknown): RegistryError {
  if (e instanceof RegistryError) {
    return e;
  }
  return new RegistryError('error', toError(e).message);
}
