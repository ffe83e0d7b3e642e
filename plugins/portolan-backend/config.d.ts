export interface Config {
  /** Configuration for the Portolan backend plugin. */
  portolan?: {
    /**
     * Where Portolan finds the clusters it watches. Methods are combined;
     * cluster names must be unique across all of them. A bad entry stops the
     * backend at start with a message naming the key.
     */
    clusterLocatorMethods?: Array<
      | {
          /** Clusters written out here, with the official Kubernetes plugin's cluster fields. */
          type: 'config';
          clusters: Array<{
            /** Unique name; what `backstage.io/kubernetes-cluster` annotations refer to. No spaces or commas. */
            name: string;
            /** Display name; defaults to `name`. */
            title?: string;
            /** API server URL (`https://…`; `http://` only for a local proxy). */
            url: string;
            /**
             * CA bundle to verify the API server with: base64-encoded PEM
             * (as in kubeconfig) or PEM. Set this or `caFile`, else the
             * system CAs are used.
             * @visibility secret
             */
            caData?: string;
            /**
             * Path of a PEM CA bundle file.
             * @visibility secret
             */
            caFile?: string;
            /**
             * Bearer token (a service account token) Portolan watches with.
             * @visibility secret
             */
            serviceAccountToken?: string;
            /**
             * Path of a file holding the bearer token, re-read before every
             * request so rotated tokens are picked up.
             * @visibility secret
             */
            tokenFile?: string;
            /**
             * Client certificate (base64-encoded PEM or PEM), with `clientKeyData`.
             * @visibility secret
             */
            clientCertData?: string;
            /**
             * Client key (base64-encoded PEM or PEM), with `clientCertData`.
             * @visibility secret
             */
            clientKeyData?: string;
            /** Turns TLS verification off for this cluster. Default false. */
            skipTLSVerify?: boolean;
            /**
             * Accepted for entries copied from the official plugin; only
             * `serviceAccount` (the default) is supported.
             */
            authProvider?: string;
          }>;
        }
      | {
          /** One cluster per context of a kubeconfig file. */
          type: 'kubeconfig';
          /** Path of the kubeconfig; defaults to the first of `$KUBECONFIG`, then `~/.kube/config`. */
          path?: string;
          /**
           * Contexts to watch (default: all): context names, or entries
           * naming the cluster differently.
           */
          contexts?: Array<
            | string
            | {
                context: string;
                /** Cluster name to use instead of the context name. */
                name?: string;
                title?: string;
              }
          >;
        }
      | {
          /** The cluster the backend runs in, through the pod's service account. */
          type: 'inCluster';
          /** Cluster name; default `in-cluster`. */
          name?: string;
          title?: string;
        }
      | {
          /** Reuses the `config`-type clusters under `kubernetes.clusterLocatorMethods`. */
          type: 'kubernetesPlugin';
        }
      | {
          /** Starts kube-sim's demo clusters in this process and watches them over HTTPS. */
          type: 'demo';
          /** Runs kube-sim's scenario driver so the demo moves. Default true. */
          scenario?: boolean;
          /** Listen on fixed ports: cluster i on basePort + i. Default: ephemeral ports. */
          basePort?: number;
          /** Fixture folder; default kube-sim's demo fixtures. */
          fixturesDir?: string;
          /**
           * Fixture clusters to serve by a real kube-apiserver + etcd
           * (startRealCluster, loaded with the same fixture folder) instead
           * of kube-sim; needs the binaries of scripts/build-kube-real.sh.
           * `./portolan start --real` sets it. Default none.
           */
          realClusters?: string[];
        }
    >;
    /**
     * Registries Portolan may read image manifests and configs from
     * (buildpacks facts, rebase checks). Nothing else is ever contacted,
     * whatever an image names; link-local and cloud metadata addresses are
     * refused even if listed. Absent: images are described from kpack data alone.
     */
    registries?: {
      /**
       * The allow-list. Also list the token realms and blob hosts a registry
       * redirects to (Docker Hub: registry-1.docker.io, auth.docker.io,
       * production.cloudflare.docker.com).
       */
      hosts?: Array<{
        /** `registry.acme.example`, `localhost:5000`, `[::1]:5000`, or `*.pkg.dev`. */
        host: string;
        /** @visibility secret */
        username?: string;
        /** @visibility secret */
        password?: string;
        /** Plain HTTP (local test registries only). Default false. */
        insecure?: boolean;
      }>;
      /** Per request. Default 10s. */
      requestTimeout?: string | HumanDurationConfig;
      /** How long a run image tag's resolution is trusted. Default 15m. */
      tagTtl?: string | HumanDurationConfig;
      /** Background re-resolution of tags in use. Default 5m. */
      tagRefreshInterval?: string | HumanDurationConfig;
      /** How long a failed lookup is remembered. Default 1m. */
      errorTtl?: string | HumanDurationConfig;
      /** Default 8. */
      maxConcurrentRequests?: number;
    };
    /** Conventions the onboarding checklist proposes in its fixes; the defaults match the template. */
    onboarding?: {
      /** Images go to `<imageRegistry>/<system>/<name>`. Default `registry.acme.example`. */
      imageRegistry?: string;
      /** Namespace of PipelineRuns and kpack Images. Default `ci`. */
      ciNamespace?: string;
      /** Namespace of Argo CD Applications. Default `argocd`. */
      argocdNamespace?: string;
      /** Argo CD project of new Applications. Default: the service's system. */
      argocdProject?: string;
      /** Builder proposed in fixes. Default `paketobuildpacks/builder-jammy-base:latest`. */
      builderImage?: string;
    };
    /** How the watch cache talks to API servers; the defaults suit real clusters. */
    cache?: {
      /** Objects per list page (`limit`). Default 500. */
      pageSize?: number;
      /** Timeout of each list page, discovery request and watch connection. Default 30s. */
      requestTimeout?: string | HumanDurationConfig;
      /** Server-side watch timeout (randomised down to 2/3 of it). Default 6m. */
      watchTimeout?: string | HumanDurationConfig;
      /** A watch sending nothing, not even a bookmark, for this long is dead. Default 7m. Sooner once the server's bookmark period is known: silent for 3 periods (at least 2 s) is a stalled stream. */
      watchIdleTimeout?: string | HumanDurationConfig;
      /** Full relist of every resource (jittered ±10 %). Default 30m. */
      resyncInterval?: string | HumanDurationConfig;
      /** How often discovery runs again to notice CRDs installed or removed. Default 5m. */
      rediscoveryInterval?: string | HumanDurationConfig;
      /** Retry delays after failures: exponential with jitter. */
      backoff?: {
        /** Default 1s. */
        initial?: string | HumanDurationConfig;
        /** Default 1m. */
        max?: string | HumanDurationConfig;
      };
    };
    /**
     * The view cache: entity views kept as bytes while nothing they were
     * built from changed (src/views/ViewCache.ts).
     */
    viewCache?: {
      /** Bytes of kept views; past it the least recently used are evicted. Default 134217728 (128 MiB). */
      maxBytes?: number;
      /** Entities whose dependency records (what their views read) are kept. Default 50000. */
      maxEntities?: number;
      /** How long a view with registry facts (images) is kept before the registry stage runs again. Default 1m. */
      registryTtl?: string | HumanDurationConfig;
      /** How long an entity lookup and a permission decision are kept per caller (never shared between callers). Default 5s. */
      callerTtl?: string | HumanDurationConfig;
    };
    /** Delivery history kept in the plugin's database (SQLite by default, PostgreSQL in production). */
    history?: {
      /** Record history. Default true. */
      enabled?: boolean;
      /** How long rows are kept. Default 400 days. */
      retention?: string | HumanDurationConfig;
      /** How often the recorder reads every component's view into history. Default 1m. */
      scanInterval?: string | HumanDurationConfig;
      /** Bytes of a failed step's log kept with the run. Default 4096. */
      logTailBytes?: number;
      /** Most writes held while the database is slow or down; more are dropped and counted. Default 20000. */
      maxQueuedWrites?: number;
      /**
       * The demo only (app-config.demo.yaml): write 90 days of generated
       * history once for every Component with an `argocd/app-name`
       * annotation, as if that Argo CD ran on `cluster`. Never in production.
       */
      demoSeed?: {
        cluster: string;
      };
      /**
       * Commit times from the SCM for DORA's lead time (docs/dora.md): each
       * deployed full-SHA revision of an Argo CD Application's first source
       * is looked up once and kept in the database. GitHub and GitLab
       * through the `integrations` config (its tokens and GitHub Apps);
       * local repositories (`file://` or an absolute path) with git, only
       * under `localRoots`. Without an answer, lead time starts at the
       * commit's first pipeline run (`basis: firstRun`).
       */
      commitTimes?: {
        /** Look commit times up. Default true. */
        enabled?: boolean;
        /** SCM requests at once. Default 4 (1 to 32). */
        concurrency?: number;
        /** Per request. Default 10s. */
        timeout?: string | HumanDurationConfig;
        /** Directories whose local git repositories may be read (the demo: `.portolan`). Default none. */
        localRoots?: string[];
      };
    };
    /** DORA metrics from the stored history (docs/dora.md). */
    dora?: {
      /**
       * Which Argo CD deployments count as production. A deployment is
       * production when any matcher matches; every field a matcher gives must
       * match (`*` matches any characters, the rest literally). Default: the
       * destination namespace or the application name contains `prod`.
       */
      production?: Array<{
        /** The Application's name. */
        application?: string;
        /** The destination cluster, as Portolan names it. */
        cluster?: string;
        /** The destination namespace. */
        namespace?: string;
      }>;
    };
  };
}

/** A duration as an object of units (`{ minutes: 5 }`). */
interface HumanDurationConfig {
  years?: number;
  months?: number;
  weeks?: number;
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}
