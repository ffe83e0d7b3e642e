/*
 * One entity's delivery view: the sections sources found for it, and for
 * every cluster that was asked, how fresh the answer from that cluster is.
 * A partial answer says so (`partial`, and the state of each cluster).
 */
import { z } from 'zod';
import { ClusterHealthSchema } from './clusters';
import { DeploymentSchema } from './delivery/deployment';
import { PipelineRunSchema } from './delivery/pipelineRun';
import { TimelineEntrySchema } from './delivery/timeline';
import { KpackImageSchema } from './images/kpack';
import { RunningImageSchema } from './images/runningImage';
import { WorkloadSchema } from './workloads';

/**
 * The sections of an entity view, one per concern. Each source fills the
 * sections it knows; a section is absent when no registered source provides
 * it and an empty list when one does but found nothing. A new concern adds
 * its section here; the backend merges sections without knowing them.
 */
export const EntityViewSectionsSchema = z.object({
  workloads: z.array(WorkloadSchema).optional(),
  pipelineRuns: z.array(PipelineRunSchema).optional(),
  deployments: z.array(DeploymentSchema).optional(),
  /**
   * Per recent commit: the runs that built it, the image digests they
   * produced, the deployments that rolled it out and where it runs now.
   * Linked by the backend from the other sections, not by a source.
   */
  timeline: z.array(TimelineEntrySchema).optional(),
  /** Images the workloads run, with registry, buildpacks, build and rebase facts. */
  images: z.array(RunningImageSchema).optional(),
  /** kpack Images and their builds. */
  kpackImages: z.array(KpackImageSchema).optional(),
});
/** The sections of an entity view. */
export type EntityViewSections = z.infer<typeof EntityViewSectionsSchema>;

/** A cluster that was asked for the entity, and how fresh its answer is. */
export const EntityViewClusterSchema = ClusterHealthSchema.extend({
  name: z.string(),
  title: z.string(),
});
/** A cluster that was asked for the entity. */
export type EntityViewCluster = z.infer<typeof EntityViewClusterSchema>;

/** How the entity's annotations were read: what was looked for, where. */
export const EntitySelectionSummarySchema = z.object({
  /** The label selector objects must match. */
  labelSelector: z.string(),
  /** Which annotation the selector came from, or `entity-name` for the default. */
  labelSelectorFrom: z.enum([
    'kubernetes-label-selector',
    'kubernetes-id',
    'entity-name',
  ]),
  namespace: z.string().optional(),
  /** The clusters the entity restricts itself to; absent means every cluster. */
  clusters: z.array(z.string()).optional(),
  /** Names in `clusters` no configured cluster has. */
  unknownClusters: z.array(z.string()),
  /** Source matchers that applied to the entity (by repository URL, by CI annotation …). */
  matchers: z.array(z.string()),
});
/** How the entity's annotations were read. */
export type EntitySelectionSummary = z.infer<
  typeof EntitySelectionSummarySchema
>;

/** A source that failed while building this view; its sections are missing or incomplete. */
export const SourceErrorSchema = z.object({
  source: z.string(),
  message: z.string(),
});
/** A source that failed while building this view. */
export type SourceError = z.infer<typeof SourceErrorSchema>;

/** `GET /entities/:namespace/:kind/:name`: an entity's delivery view. */
export const EntityViewSchema = EntityViewSectionsSchema.extend({
  entityRef: z.string(),
  /** RFC 3339 time the view was assembled (from memory). */
  generatedAt: z.string(),
  /** True when any asked cluster is not `synced` or a source failed. */
  partial: z.boolean(),
  selection: EntitySelectionSummarySchema,
  clusters: z.array(EntityViewClusterSchema),
  sourceErrors: z.array(SourceErrorSchema),
});
/** An entity's delivery view. */
export type EntityView = z.infer<typeof EntityViewSchema>;
