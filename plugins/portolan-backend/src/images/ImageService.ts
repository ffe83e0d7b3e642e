/*
 * The images view: for every image an entity runs (per digest, cluster and
 * platform, from the `images` source), what its registry says (config
 * labels → buildpacks facts), the build that produced it (kpack or a
 * pipeline run with that digest) and whether it needs a rebase; and the
 * fleet query over many entities. Owns the registry client and its cache;
 * the only I/O is registry reads, each cached (digests for long, tags
 * briefly and refreshed on a schedule, failures briefly), so a repeated
 * view makes no registry request. Without registry configuration it still
 * answers from kpack data alone.
 */
import { toError } from '@backstage/errors';
import type {
  CacheService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type {
  BuildpacksFacts,
  FleetImage,
  FleetImageError,
  FleetImagesResponse,
  ImagePlatform,
  KpackImage,
  PipelineRun,
  RebaseStateName,
  RunningImage,
} from '@portolan/plugin-portolan-common';
import { parseImageReference } from '../delivery/imageReference';
import { withoutUndefined } from '../delivery/unstructured';
import { CachedImageReader } from '../registry/CachedImageReader';
import { GuardedHttpTransport } from '../registry/GuardedHttpTransport';
import { RegistryAccessPolicy } from '../registry/RegistryAccessPolicy';
import { RegistryClient, type ImageLocator } from '../registry/RegistryClient';
import { parseOciReference } from '../registry/ociReference';
import {
  readRegistryOptions,
  type RegistryOptions,
} from '../registry/readRegistryOptions';
import { kpackBuildpacksFacts } from '../sources/kpack/kpackBuildpacksFacts';
import { parseBuildpacksLabels } from '../sources/kpack/parseBuildpacksLabels';
import { assessRebase, type RunImageLookup } from './assessRebase';
import { linkImageBuild } from './linkImageBuild';
import { NOT_CHECKED_REBASE } from './RunningImagesSource';

/** The entity view sections the images view reads. */
export interface ImageViewInput {
  entityRef: string;
  images?: readonly RunningImage[];
  kpackImages?: readonly KpackImage[];
  pipelineRuns?: readonly PipelineRun[];
}

/** Entities assessed at once by the fleet query. */
const FLEET_CONCURRENCY = 4;

/** One entity for the fleet query; `view` may throw (a bad annotation). */
export interface FleetEntity {
  entityRef: string;
  view: () => ImageViewInput;
}

/**
 * The fleet's images from each entity's (`imagesOf` throwing costs that
 * entity only, named in `errors`), at most {@link FLEET_CONCURRENCY}
 * entities at once, sorted by entity, cluster and reference.
 */
export async function collectFleetImages<T extends { entityRef: string }>(
  entities: readonly T[],
  imagesOf: (entity: T) => Promise<readonly RunningImage[]>,
  rebase?: RebaseStateName,
): Promise<FleetImagesResponse> {
  const items: FleetImage[] = [];
  const errors: FleetImageError[] = [];
  const queue = [...entities];
  const worker = async () => {
    for (let entity = queue.shift(); entity; entity = queue.shift()) {
      try {
        for (const image of await imagesOf(entity)) {
          if (!rebase || image.rebase.state === rebase) {
            items.push({ ...image, entityRef: entity.entityRef });
          }
        }
      } catch (e) {
        errors.push({
          entityRef: entity.entityRef,
          message: toError(e).message,
        });
      }
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.min(FLEET_CONCURRENCY, entities.length) },
      worker,
    ),
  );
  items.sort(
    (a, b) =>
      a.entityRef.localeCompare(b.entityRef) ||
      a.cluster.localeCompare(b.cluster) ||
      a.reference.localeCompare(b.reference),
  );
  return {
    items,
    generatedAt: new Date().toISOString(),
    entities: entities.length,
    partial: errors.length > 0,
    errors,
  };
}

/** Options for {@link ImageService}. */
export interface ImageServiceOptions {
  config: Config;
  cache: CacheService;
  logger: LoggerService;
  /** Drives the background re-resolution of run image tags. */
  scheduler?: SchedulerService;
}

/** Assumed when a node's platform is not known: what most clusters run. */
const DEFAULT_PLATFORM: ImagePlatform = { os: 'linux', architecture: 'amd64' };
/**
 * How long one view waits for registry answers in all; what has not
 * answered by then shows as a timeout (and is not cached), and the view
 * is served.
 */
const VIEW_DEADLINE_MS = 15_000;

/** The registry request an image names; undefined outside the OCI reference grammar. */
function locatorOf(reference: string): ImageLocator | undefined {
  return parseOciReference(reference);
}

export class ImageService {
  readonly options: RegistryOptions;
  private readonly policy: RegistryAccessPolicy;
  private readonly reader: CachedImageReader;
  private readonly transport: GuardedHttpTransport;
  private readonly lifetime = new AbortController();

  constructor(private readonly deps: ImageServiceOptions) {
    this.options = readRegistryOptions(deps.config);
    this.policy = new RegistryAccessPolicy(this.options.hosts);
    this.transport = new GuardedHttpTransport({
      timeoutMs: this.options.requestTimeoutMs,
    });
    this.reader = new CachedImageReader({
      client: new RegistryClient({
        policy: this.policy,
        transport: this.transport,
        maxConcurrentRequests: this.options.maxConcurrentRequests,
      }),
      cache: deps.cache,
      tagTtlMs: this.options.tagTtlMs,
      errorTtlMs: this.options.errorTtlMs,
    });
    if (deps.scheduler && this.policy.configured) {
      this.scheduleTagRefresh(deps.scheduler);
    }
  }

  /** Registry requests sent so far (token and redirect requests included). */
  get registryRequestsSent(): number {
    return this.transport.requestsSent;
  }

  /** Stops background work and closes registry connections. */
  stop(): void {
    this.lifetime.abort();
    this.transport.close();
  }

  /** Re-resolves the run image tags in use (what the scheduled task runs). */
  refreshTags(): Promise<{ refreshed: number; failed: number }> {
    return this.reader.refreshTags(this.lifetime.signal);
  }

  /** The entity's images with registry, build and rebase facts. */
  async imagesForEntity(
    view: ImageViewInput,
    deadlineMs = VIEW_DEADLINE_MS,
  ): Promise<RunningImage[]> {
    const kpackImages = view.kpackImages ?? [];
    const pipelineRuns = view.pipelineRuns ?? [];
    const signal = AbortSignal.any([
      this.lifetime.signal,
      AbortSignal.timeout(deadlineMs),
    ]);
    return Promise.all(
      (view.images ?? []).map(image =>
        this.describe(image, kpackImages, pipelineRuns, signal),
      ),
    );
  }

  /** Images across many entities, optionally only those in one rebase state. */
  async fleetImages(options: {
    rebase?: RebaseStateName;
    entities: Iterable<FleetEntity>;
  }): Promise<FleetImagesResponse> {
    return collectFleetImages(
      [...options.entities],
      entity => this.imagesForEntity(entity.view()),
      options.rebase,
    );
  }

  private async describe(
    running: RunningImage,
    kpackImages: readonly KpackImage[],
    pipelineRuns: readonly PipelineRun[],
    signal: AbortSignal,
  ): Promise<RunningImage> {
    const warnings: string[] = [];
    const linked = linkImageBuild(running.digest, kpackImages, pipelineRuns);
    const result: RunningImage = {
      ...running,
      ...(linked.build ? { build: linked.build } : {}),
      rebase: NOT_CHECKED_REBASE,
      warnings,
    };

    let labels: BuildpacksFacts | undefined;
    let runImage: RunImageLookup | { skipped: string } | undefined;
    const locator = locatorOf(running.reference);
    if (!this.policy.configured) {
      result.registry = {
        state: 'not-configured',
        message: 'No registry is configured (portolan.registries.hosts)',
      };
    } else if (!locator) {
      result.registry = {
        state: 'invalid-response',
        message: `${running.reference} is not an image reference`,
      };
    } else {
      if (!running.platform) {
        warnings.push(
          `The nodes' platform is not known; read the image for ${DEFAULT_PLATFORM.os}/${DEFAULT_PLATFORM.architecture}`,
        );
      }
      const outcome = await this.reader.read(
        locator,
        running.platform ?? DEFAULT_PLATFORM,
        signal,
      );
      if (outcome.ok) {
        const { image } = outcome;
        result.registry = { state: 'fetched', checkedAt: outcome.checkedAt };
        result.image = withoutUndefined({
          manifestDigest: image.manifestDigest,
          mediaType: image.mediaType,
          platformManifestDigest: image.platformManifestDigest,
          platform: image.platform,
          configDigest: image.configDigest,
          created: image.created,
          layerCount: image.diffIds.length,
          topLayer: image.diffIds[image.diffIds.length - 1],
        });
        labels = parseBuildpacksLabels(image);
        runImage = await this.lookUpRunImage(labels, image.platform, signal);
      } else {
        result.registry = {
          state: outcome.failure,
          message: outcome.message,
          checkedAt: outcome.checkedAt,
        };
      }
    }

    if (labels) {
      result.buildpacks = labels;
    } else if (linked.kpack) {
      result.buildpacks = kpackBuildpacksFacts(linked.kpack.build);
    }
    result.rebase = assessRebase({
      labels,
      runImage,
      kpack: linked.kpack,
      registryProblem:
        result.registry.state === 'fetched'
          ? undefined
          : result.registry.message ??
            `Registry lookup: ${result.registry.state}`,
    });
    return result;
  }

  /** Resolves the run image tag the image follows (or the first allowed mirror). */
  private async lookUpRunImage(
    labels: BuildpacksFacts,
    platform: ImagePlatform,
    signal: AbortSignal,
  ): Promise<RunImageLookup | { skipped: string } | undefined> {
    const recorded = labels.runImage?.image;
    if (!labels.detected || !recorded || !labels.runImage?.topLayer) {
      return undefined;
    }
    let refusal: string | undefined;
    for (const candidate of [recorded, ...labels.runImage.mirrors]) {
      const locator = locatorOf(candidate);
      const parsed = parseImageReference(candidate);
      if (!locator || !parsed) continue;
      const decision = this.policy.check(locator.registry);
      if (!decision.allowed) {
        refusal ??= decision.reason;
        continue;
      }
      return {
        followed: candidate,
        repository: parsed.repository,
        outcome: await this.reader.read(locator, platform, signal),
      };
    }
    return {
      skipped: `Run image ${recorded} was not looked up: ${
        refusal ?? 'it is not an image reference'
      }`,
    };
  }

  private scheduleTagRefresh(scheduler: SchedulerService): void {
    const interval = { milliseconds: this.options.tagRefreshIntervalMs };
    scheduler
      .scheduleTask({
        id: 'portolan-registry-tag-refresh',
        scope: 'local',
        frequency: interval,
        timeout: {
          milliseconds: Math.max(this.options.tagRefreshIntervalMs, 60_000),
        },
        initialDelay: interval,
        fn: async () => {
          const { refreshed, failed } = await this.refreshTags();
          if (failed > 0) {
            this.deps.logger.warn(
              `Portolan re-resolved ${refreshed} run image tag(s); ${failed} failed`,
            );
          }
        },
      })
      .catch(e =>
        this.deps.logger.error(
          `Portolan could not schedule run image tag refreshes: ${
            toError(e).message
          }`,
        ),
      );
  }
}
