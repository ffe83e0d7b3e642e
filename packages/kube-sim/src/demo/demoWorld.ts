/** The Acme demo world: systems, services, clusters (see docs/demo-world.md). */

export type CiKind = 'tekton' | 'kpack' | 'jenkins-x';
export type BuildKind = 'buildpacks-java' | 'buildpacks-nodejs' | 'dockerfile';

export interface DemoService {
  name: string;
  system: 'payments' | 'storefront';
  owner: string;
  ci: CiKind;
  build: BuildKind;
  /** Number of the latest build; builds n-2, n-1, n exist. */
  latestBuild: number;
  /** What happened to the latest build. */
  latestOutcome: 'succeeded' | 'running' | 'failed-oom';
  workload: 'Deployment' | 'StatefulSet';
  port: number;
  /** Argo CD: one source, several (multi-source), or none. */
  argo: 'single' | 'multi' | 'none';
}

export const SERVICES: DemoService[] = [
  {
    name: 'payments-api',
    system: 'payments',
    owner: 'team-payments',
    ci: 'tekton',
    build: 'buildpacks-java',
    latestBuild: 42,
    latestOutcome: 'succeeded',
    workload: 'Deployment',
    port: 8080,
    argo: 'single',
  },
  {
    name: 'ledger',
    system: 'payments',
    owner: 'team-payments',
    ci: 'tekton',
    build: 'dockerfile',
    latestBuild: 118,
    latestOutcome: 'succeeded',
    workload: 'StatefulSet',
    port: 5432,
    argo: 'single',
  },
  {
    name: 'fraud-detector',
    system: 'payments',
    owner: 'team-payments',
    ci: 'tekton',
    build: 'dockerfile',
    latestBuild: 27,
    latestOutcome: 'failed-oom',
    workload: 'Deployment',
    port: 8000,
    argo: 'single',
  },
  {
    name: 'invoice-worker',
    system: 'payments',
    owner: 'team-payments',
    ci: 'kpack',
    build: 'buildpacks-java',
    latestBuild: 7,
    latestOutcome: 'succeeded',
    workload: 'Deployment',
    port: 8080,
    argo: 'single',
  },
  {
    name: 'storefront-web',
    system: 'storefront',
    owner: 'team-storefront',
    ci: 'tekton',
    build: 'buildpacks-nodejs',
    latestBuild: 256,
    latestOutcome: 'succeeded',
    workload: 'Deployment',
    port: 3000,
    argo: 'multi',
  },
  {
    name: 'cart-service',
    system: 'storefront',
    owner: 'team-storefront',
    ci: 'tekton',
    build: 'dockerfile',
    latestBuild: 88,
    latestOutcome: 'running',
    workload: 'Deployment',
    port: 8080,
    argo: 'single',
  },
  {
    name: 'catalog-service',
    system: 'storefront',
    owner: 'team-storefront',
    ci: 'tekton',
    build: 'dockerfile',
    latestBuild: 63,
    latestOutcome: 'succeeded',
    workload: 'Deployment',
    port: 8080,
    argo: 'single',
  },
  {
    name: 'search-indexer',
    system: 'storefront',
    owner: 'team-storefront',
    ci: 'jenkins-x',
    build: 'dockerfile',
    latestBuild: 19,
    latestOutcome: 'succeeded',
    workload: 'Deployment',
    port: 9200,
    argo: 'none',
  },
  {
    name: 'edge-gateway',
    system: 'storefront',
    owner: 'team-storefront',
    ci: 'tekton',
    build: 'dockerfile',
    latestBuild: 34,
    latestOutcome: 'succeeded',
    workload: 'Deployment',
    port: 8443,
    argo: 'single',
  },
];

export type Offering = 'gke' | 'eks' | 'aks' | 'openshift' | 'k3s' | 'doks';

export interface DemoCluster {
  name: string;
  offering: Offering;
  gitVersion: string;
  /** Environment name used in Argo CD application names (`<service>-<env>`). */
  env?: string;
  /** Namespace suffix for the systems: `payments`, `payments-staging`, ... */
  namespaceSuffix?: string;
}

export const CLUSTERS: DemoCluster[] = [
  {
    name: 'gke-prod-eu',
    offering: 'gke',
    gitVersion: 'v1.31.4-gke.1200000',
    env: 'prod',
    namespaceSuffix: '',
  },
  {
    name: 'eks-prod-us',
    offering: 'eks',
    gitVersion: 'v1.30.8-eks-2d98532',
    env: 'prod-us',
    namespaceSuffix: '',
  },
  {
    name: 'aks-staging',
    offering: 'aks',
    gitVersion: 'v1.30.7',
    env: 'staging',
    namespaceSuffix: '-staging',
  },
  {
    name: 'openshift-dev',
    offering: 'openshift',
    gitVersion: 'v1.29.10+d5d1b4f',
    env: 'dev',
    namespaceSuffix: '-dev',
  },
  {
    name: 'k3s-edge',
    offering: 'k3s',
    gitVersion: 'v1.31.3+k3s1',
    env: 'prod',
    namespaceSuffix: '',
  },
  { name: 'doks-tools', offering: 'doks', gitVersion: 'v1.31.1' },
];

export type Stage = 'prod' | 'staging' | 'dev';

/** Where a service runs, with which build and how many replicas. */
export interface Placement {
  cluster: string;
  service: DemoService;
  namespace: string;
  stage: Stage;
  /** Argo CD application managing it (`<service>-<env>`), if any. */
  argoApp?: string;
  /** Build number running. */
  build: number;
  replicas: number;
  /** A rollout to this build is stuck (new pods crash-looping). */
  stuckRolloutTo?: number;
}

/** The build numbers of the successful builds, newest first, given the latest outcome. */
export function goodBuilds(s: DemoService): number[] {
  const n = s.latestBuild;
  return s.latestOutcome === 'succeeded' ? [n, n - 1, n - 2] : [n - 1, n - 2];
}

/** Replicas in production (the GPU service fits the one GPU node). */
const PROD_REPLICAS: Record<string, number> = {
  ledger: 3,
  'storefront-web': 3,
  'fraud-detector': 1,
};

export function placements(): Placement[] {
  const out: Placement[] = [];
  for (const s of SERVICES) {
    const [newest, previous] = goodBuilds(s);
    const app = (env: string) =>
      s.argo === 'none' ? undefined : `${s.name}-${env}`;
    if (s.name === 'edge-gateway') {
      out.push({
        cluster: 'k3s-edge',
        service: s,
        namespace: s.system,
        stage: 'prod',
        argoApp: app('prod'),
        build: previous,
        replicas: 2,
      });
      continue;
    } else {
      // A failed latest build leaves production on the newest good one.
      const prodBuild = s.latestOutcome === 'failed-oom' ? newest : previous;
      out.push({
        cluster: 'gke-prod-eu',
        service: s,
        namespace: s.system,
        stage: 'prod',
        argoApp: app('prod'),
        build: prodBuild,
        replicas: PROD_REPLICAS[s.name] ?? 2,
        stuckRolloutTo: s.name === 'catalog-service' ? newest : undefined,
      });
      if (s.name !== 'fraud-detector') {
        out.push({
          cluster: 'eks-prod-us',
          service: s,
          namespace: s.system,
          stage: 'prod',
          argoApp: app('prod-us'),
          build: prodBuild,
          replicas:
            { ...PROD_REPLICAS, 'storefront-web': 2, 'search-indexer': 1 }[
              s.name
            ] ?? 2,
        });
      }
    }
    out.push({
      cluster: 'aks-staging',
      service: s,
      namespace: `${s.system}-staging`,
      stage: 'staging',
      argoApp: app('staging'),
      build: newest,
      replicas: 1,
    });
    if (['payments-api', 'storefront-web', 'cart-service'].includes(s.name)) {
      out.push({
        cluster: 'openshift-dev',
        service: s,
        namespace: `${s.system}-dev`,
        stage: 'dev',
        argoApp: app('dev'),
        build: newest,
        replicas: 1,
      });
    }
  }
  return out;
}

export const REGISTRY = 'registry.acme.example';

export function imageRepo(s: DemoService): string {
  return `${REGISTRY}/${s.system}/${s.name}`;
}
