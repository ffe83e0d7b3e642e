import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  KUBERNETES_ID_LABEL,
  portolanPermissions,
} from '@portolan/plugin-portolan-common';
import {
  type PortolanSource,
  portolanSourcesExtensionPoint,
} from '@portolan/plugin-portolan-node';
import { readCacheOptions } from './cache/CacheOptions';
import { FleetCache } from './cache/FleetCache';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { PodLogReader } from './clusters/PodLogReader';
import { EntityResolver } from './entities/EntityResolver';
import { findPodOwners } from './entities/podOwners';
import { redactResponseBody, redactingLogger } from './redaction/redactSecrets';
import { podResource } from './sources/workloads/workloadResources';
import { ImageService } from './images/ImageService';
import { DiscoveryService } from './onboarding/discovery/DiscoveryService';
import { readOnboardingConventions } from './onboarding/OnboardingConventions';
import { OnboardingService } from './onboarding/OnboardingService';
import { RunningImagesSource } from './images/RunningImagesSource';
import { startHistory } from './history/startHistory';
import { createRouter } from './service/router';
import { SourceSet } from '@portolan/plugin-portolan-node';
import { ArgoCdSource } from './sources/argocd/ArgoCdSource';
import { JenkinsXSource } from './sources/jenkinsx/JenkinsXSource';
import { KpackSource } from './sources/kpack/KpackSource';
import { ProvidersSource } from './sources/providers/ProvidersSource';
import { listOfferings } from './sources/providers/offeringsCatalogue';
import { TektonSource } from './sources/tekton/TektonSource';
import { workloadsSource } from './sources/workloads/workloadsSource';
import { FleetViews } from './views/FleetViews';
import { ViewCache, readViewCacheOptions } from './views/ViewCache';
import { startSignals } from './signals/startSignals';
import { summarizeClusters } from './views/summarizeClusters';

/**
 * The Portolan backend plugin: watches clusters and serves each entity's
 * delivery view from memory. This file only wires services together.
 *
 * @public
 */
export const portolanPlugin = createBackendPlugin({
  pluginId: 'portolan',
  register(env) {
    const addedSources: PortolanSource[] = [];
    env.registerExtensionPoint(portolanSourcesExtensionPoint, {
      addSource(...sources) {
        addedSources.push(...sources);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        lifecycle: coreServices.lifecycle,
        rootLifecycle: coreServices.rootLifecycle,
        cache: coreServices.cache,
        scheduler: coreServices.scheduler,
        database: coreServices.database,
        catalog: catalogServiceRef,
        // Always resolvable (its default factory rides on the events
        // service); without the signals backend nobody listens.
        signals: signalsServiceRef,
      },
      async init({
        config,
        logger: pluginLogger,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        lifecycle,
        rootLifecycle,
        cache,
        scheduler,
        database,
        catalog,
        signals,
      }) {
        // Every line the plugin logs has its credentials redacted (exec
        // plugin stderr, git URLs, node arguments end up in messages).
        const logger = redactingLogger(pluginLogger);
        permissionsRegistry.addPermissions(portolanPermissions);

        const registry = await ClusterRegistry.fromConfig(config, logger);
        const knownClusters = registry.clusters.map(c => ({
          name: c.definition.name,
          url: c.definition.connection.url,
        }));
        const sources = new SourceSet([
          workloadsSource,
          new ProvidersSource(),
          new TektonSource(),
          new ArgoCdSource({ knownClusters: () => knownClusters }),
          new JenkinsXSource(),
          new RunningImagesSource(),
          new KpackSource(),
          ...addedSources,
        ]);
        const cacheOptions = readCacheOptions(config);
        const fleet = new FleetCache(
          registry.clusters,
          sources,
          cacheOptions,
          logger,
        );
        const resolver = new EntityResolver(sources.matchers);
        const logs = new PodLogReader(registry);
        const images = new ImageService({ config, cache, logger, scheduler });
        const views = new FleetViews(fleet, resolver, logger, {
          images,
          catalog,
          permissions,
        });
        // Views from a change-tracked cache; its feed is what the signals
        // publisher and the history recorder listen to (viewCache.feed).
        const viewCacheOptions = readViewCacheOptions(config);
        const viewCache = new ViewCache({
          fleet,
          views,
          redact: redactResponseBody,
          logger,
          options: viewCacheOptions,
        });
        const onboarding = new OnboardingService({
          views: viewCache,
          clusters: () => summarizeClusters(fleet, logger),
          catalog,
          permissions,
          readLog: request => logs.read(request),
          conventions: readOnboardingConventions(config),
          logger,
        });
        const discovery = new DiscoveryService({
          snapshots: () => fleet.snapshotAll(),
          views,
          catalog,
          auth,
          logger,
        });

        // Signals start once every plugin is up: a first publish before the
        // events backend answers would make this replica's events client
        // give up on the bus. Pages fetch on load, so nothing is lost.
        let liveUpdates: { stop(): void } | undefined;
        rootLifecycle.addStartupHook(() => {
          liveUpdates = startSignals({ feed: viewCache.feed, signals, logger });
        });

        // Clusters connect in the background; start never waits for them.
        fleet.start();
        const history = await startHistory({
          config,
          database,
          scheduler,
          logger,
          auth,
          catalog,
          // Only the sections it records, built for it and not kept.
          recordedView: (entity, wanted) =>
            viewCache.transientView(entity, wanted),
          readLog: request => logs.read(request),
          // Record an entity soon after its view changes; the timed pass stays.
          changes: viewCache.feed,
          // The first sync only: once over, it stays over (asked on every
          // change event, so latched instead of folding health each time).
          settled: (() => {
            let over = false;
            return () =>
              over ||
              (over = fleet.clusters.every(c => c.health.state !== 'syncing'));
          })(),
        });
        lifecycle.addShutdownHook(async () => {
          liveUpdates?.stop();
          await history?.stop();
          viewCache.stop();
          images.stop();
          await fleet.stop();
          await registry.stop();
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            callerTtlMs: viewCacheOptions.callerTtlMs,
            services: {
              clusters: () => summarizeClusters(fleet, logger),
              offerings: () =>
                listOfferings(
                  summarizeClusters(fleet, logger).map(c => ({
                    name: c.name,
                    profile: c.profile,
                  })),
                ),
              views: viewCache,
              onboarding: (entity, credentials) =>
                onboarding.checklist(entity, credentials),
              fleetOnboarding: credentials => onboarding.fleet(credentials),
              discoveryCandidates: query => discovery.candidates(query),
              podOwners: async pod => {
                // Every Component, whoever asks: a claim the caller cannot
                // see still counts.
                const { items } = await catalog.getEntities(
                  { filter: { kind: 'Component' } },
                  { credentials: await auth.getOwnServiceCredentials() },
                );
                const cached = fleet
                  .snapshotAll()
                  .find(c => c.name === pod.cluster)
                  ?.get(podResource, pod.namespace, pod.pod);
                return findPodOwners({
                  pod,
                  podKubernetesId:
                    cached?.metadata.labels[KUBERNETES_ID_LABEL] || undefined,
                  entities: items,
                  logTargets: entity => viewCache.logTargets(entity),
                });
              },
              readLog: request => logs.read(request),
              history,
            },
          }),
        );
        logger.info(
          `Portolan watching ${
            registry.clusters.length
          } cluster(s) for ${sources.sources.map(s => s.id).join(', ')}`,
        );
      },
    });
  },
});
