/*
 * The offerings catalogue: managed Kubernetes offerings and distributions a
 * cluster can be, with the facts a platform team compares them on. Each fact
 * names the vendor page it was taken from; a fact the page did not settle is
 * marked `verified: false`.
 */
import { z } from 'zod';
import { ProviderIdSchema } from './clusterProfile';

/** A fact about an offering and the vendor page it comes from. */
export const OfferingFactSchema = z.object({
  /** The option's name, or a sentence; absent when the offering has no such option. */
  value: z.string().optional(),
  /** The vendor documentation page that states it. */
  source: z.string().optional(),
  /** False when no vendor page confirmed it. */
  verified: z.boolean(),
});
/** A fact about an offering. */
export type OfferingFact = z.infer<typeof OfferingFactSchema>;

/** One offering or distribution. */
export const OfferingSchema = z.object({
  /** Catalogue id; for offerings a cluster can be detected as, a provider id. */
  id: z.string(),
  /** The provider ids that count as this offering (GKE includes GKE Autopilot). */
  providerIds: z.array(ProviderIdSchema),
  /** Capability ids that put a cluster on this offering too (KubeEdge runs inside another cluster). */
  capabilityIds: z.array(z.string()),
  name: z.string(),
  vendor: z.string(),
  kind: z.enum(['managed', 'distribution', 'edge']),
  documentation: z.string(),
  serverlessNodes: OfferingFactSchema,
  sandboxedRuntime: OfferingFactSchema,
  defaultCni: OfferingFactSchema,
  meshAddOn: OfferingFactSchema,
});
/** One offering or distribution. */
export type Offering = z.infer<typeof OfferingSchema>;

/** An offering with the portal's clusters that are on it, as `GET /offerings` serves it. */
export const OfferingWithClustersSchema = OfferingSchema.extend({
  clusters: z.array(z.string()),
});
/** An offering with the portal's clusters that are on it. */
export type OfferingWithClusters = z.infer<typeof OfferingWithClustersSchema>;

/** The catalogue as served: when its facts were checked, and the offerings. */
export const OfferingsCatalogueSchema = z.object({
  checkedOn: z.string(),
  offerings: z.array(OfferingWithClustersSchema),
});
/** The catalogue as served. */
export type OfferingsCatalogue = z.infer<typeof OfferingsCatalogueSchema>;
