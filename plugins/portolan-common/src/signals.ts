/*
 * The live-update channels Portolan publishes on through Backstage signals
 * and the small messages it sends there. A message says that something may
 * read differently and carries a version, never the data: the page refetches
 * through the API, so permissions hold on every read.
 */

/** The channel of one entity's view: `portolan:entity:<entityRef>`. */
export function portolanEntityChannel(entityRef: string): string {
  return `portolan:entity:${entityRef.toLocaleLowerCase('en-US')}`;
}

/** The channel of the fleet pages (runs, images, clusters, onboarding fleet). */
export const PORTOLAN_FLEET_CHANNEL = 'portolan:fleet';

/** Sent on an entity's channel when its view may read differently. */
// Type aliases, not interfaces: they must be assignable to a JSON object.
export type PortolanEntityChangedSignal = {
  type: 'portolan.entity.changed';
  /** The entity's ref, lower case (`component:default/checkout`). */
  entityRef: string;
  /** Increases with every change of this entity's view inputs. */
  version: number;
  /** Coarse, non-sensitive ids of what changed (`workloads`, `tekton`, `clusters`, `entity`, …). */
  changed: string[];
};

/** Sent on {@link PORTOLAN_FLEET_CHANNEL} when a fleet list may read differently. */
export type PortolanFleetChangedSignal = {
  type: 'portolan.fleet.changed';
  version: number;
  changed: string[];
};
