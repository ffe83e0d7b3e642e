/*
 * The images an entity's workloads run, one record per image digest per
 * cluster (and platform): where it runs, what the registry and kpack say it
 * is, the build that produced it and whether it needs a rebase. Also the
 * fleet-wide query `GET /images?rebase=available`.
 */
import { z } from 'zod';
import { RunStatusSchema } from '../delivery/pipelineRun';
import { BuildpacksFactsSchema } from './buildpacks';
import {
  ImageFactsSchema,
  ImagePlatformSchema,
  RegistryLookupSchema,
} from './imageFacts';
import { KpackImageSchema } from './kpack';
import { RebaseStateNameSchema, RebaseStateSchema } from './rebase';

/** A workload that runs the image on the cluster. */
export const ImageWorkloadSchema = z.object({
  namespace: z.string(),
  /** The controller (`Deployment`, `StatefulSet`, `DaemonSet`, `ReplicaSet`, `Job` …) or `Pod`. */
  kind: z.string(),
  name: z.string(),
  containers: z.array(z.string()),
  pods: z.number().int().nonnegative(),
});
/** A workload that runs the image. */
export type ImageWorkload = z.infer<typeof ImageWorkloadSchema>;

/** The systems that can be credited with building an image. */
export const IMAGE_BUILD_SYSTEMS = ['kpack', 'tekton', 'jenkins-x'] as const;
/** The systems that can be credited with building an image. */
export const ImageBuildSystemSchema = z.enum(IMAGE_BUILD_SYSTEMS);
/** The systems that can be credited with building an image. */
export type ImageBuildSystem = z.infer<typeof ImageBuildSystemSchema>;

/** The build that produced the image (matched on the image digest only). */
export const ImageBuildRefSchema = z.object({
  system: ImageBuildSystemSchema,
  cluster: z.string(),
  namespace: z.string(),
  name: z.string(),
  status: RunStatusSchema,
  finishedAt: z.string().optional(),
  commit: z.string().optional(),
  /** kpack: the build reasons, upstream spelling (`COMMIT`, `STACK` …). */
  reasons: z.array(z.string()).optional(),
});
/** The build that produced the image. */
export type ImageBuildRef = z.infer<typeof ImageBuildRefSchema>;

/** One image an entity runs, by digest, on one cluster and platform. */
export const RunningImageSchema = z.object({
  cluster: z.string(),
  /** `registry/path`, with Docker Hub's implicit prefix made explicit. */
  repository: z.string(),
  digest: z.string(),
  /** `repository@digest`. */
  reference: z.string(),
  /** Tags the pod specs name, if any. */
  tags: z.array(z.string()),
  /** The nodes' platform; absent when the nodes are not known. */
  platform: ImagePlatformSchema.optional(),
  workloads: z.array(ImageWorkloadSchema),
  registry: RegistryLookupSchema,
  /** Present when the registry was read. */
  image: ImageFactsSchema.optional(),
  /** From the image labels when the registry was read, else from kpack; absent when nothing is known. */
  buildpacks: BuildpacksFactsSchema.optional(),
  build: ImageBuildRefSchema.optional(),
  rebase: RebaseStateSchema,
  warnings: z.array(z.string()),
});
/** One image an entity runs. */
export type RunningImage = z.infer<typeof RunningImageSchema>;

/**
 * The entity view sections this concern adds: `images` (what runs, with
 * registry and build facts) and `kpackImages` (kpack's Images and builds).
 */
export const ImageViewSectionsSchema = z.object({
  images: z.array(RunningImageSchema).optional(),
  kpackImages: z.array(KpackImageSchema).optional(),
});
/** The entity view sections the images concern adds. */
export type ImageViewSections = z.infer<typeof ImageViewSectionsSchema>;

/** The query of `GET /images`. */
export const FleetImagesQuerySchema = z.object({
  /** Only images in this rebase state (`available` is short for `rebase-available`). */
  rebase: z
    .enum(['available', 'rebase-available', 'up-to-date', 'unknown'])
    .transform(value => (value === 'available' ? 'rebase-available' : value))
    .pipe(RebaseStateNameSchema)
    .optional(),
});
/** The query of `GET /images` (after normalising). */
export type FleetImagesQuery = z.infer<typeof FleetImagesQuerySchema>;

/** One image of one service, fleet-wide. */
export const FleetImageSchema = RunningImageSchema.extend({
  entityRef: z.string(),
});
/** One image of one service, fleet-wide. */
export type FleetImage = z.infer<typeof FleetImageSchema>;

/** An entity whose images could not be assessed. */
export const FleetImageErrorSchema = z.object({
  entityRef: z.string(),
  message: z.string(),
});
/** An entity whose images could not be assessed. */
export type FleetImageError = z.infer<typeof FleetImageErrorSchema>;

/** `GET /images`: images across every service the caller may read. */
export const FleetImagesResponseSchema = z.object({
  items: z.array(FleetImageSchema),
  /** RFC 3339 time the answer was assembled. */
  generatedAt: z.string(),
  /** How many entities were looked at. */
  entities: z.number().int().nonnegative(),
  /** True when some entity's images could not be assessed (see `errors`). */
  partial: z.boolean(),
  errors: z.array(FleetImageErrorSchema),
});
/** `GET /images`. */
export type FleetImagesResponse = z.infer<typeof FleetImagesResponseSchema>;
