import type { DemoIds } from './DemoIds';
import { type DemoService, imageRepo, SERVICES } from './demoWorld';

/** One build of a service: the commit it built and the image it pushed. */
export interface DemoBuild {
  service: DemoService;
  number: number;
  commit: string;
  /** sha256 hex of the pushed image (absent while running or if it failed). */
  digest?: string;
  /** `registry.acme.example/<system>/<service>:<short sha>`. */
  imageUrl: string;
  /** `registry.acme.example/<system>/<service>@sha256:<digest>`. */
  imageRef?: string;
  /** Minutes relative to the demo epoch. */
  startedAt: number;
  finishedAt?: number;
  outcome: 'succeeded' | 'running' | 'failed-oom';
  message: string;
  author: string;
}

const MESSAGES = [
  'Fix rounding of multi-currency totals',
  'Bump Spring Boot to 3.3.5',
  'Add retry with backoff on upstream timeouts',
  'Cache product lookups for 30s',
  'Expose p99 latency metric',
  'Reduce image size by dropping dev dependencies',
  'Handle empty carts in checkout',
  'Tighten input validation on webhooks',
  'Tune JVM memory for containers',
  'Switch health checks to /readyz',
];

const AUTHORS: Record<string, string[]> = {
  payments: ['alice', 'bob'],
  storefront: ['carol', 'guest'],
};

export function demoBuild(
  ids: DemoIds,
  service: DemoService,
  n: number,
): DemoBuild {
  const idx = SERVICES.indexOf(service);
  const age = service.latestBuild - n;
  let startedAt = -(1440 * age + 1440 + idx * 31);
  if (age === 0) startedAt = -(120 + idx * 17);
  if (age === 1) startedAt = -(1440 + idx * 23);
  const outcome = age === 0 ? service.latestOutcome : 'succeeded';
  const commit = ids.commit(`${service.name}:${n}`);
  const digest =
    outcome === 'succeeded' ? ids.digest(`${service.name}:${n}`) : undefined;
  const repo = imageRepo(service);
  return {
    service,
    number: n,
    commit,
    digest,
    imageUrl: `${repo}:${commit.slice(0, 7)}`,
    imageRef: digest ? `${repo}@sha256:${digest}` : undefined,
    startedAt,
    finishedAt:
      outcome === 'running'
        ? undefined
        : startedAt + 6 + ids.int(`dur:${service.name}:${n}`, 5),
    outcome,
    message: MESSAGES[ids.int(`msg:${service.name}:${n}`, MESSAGES.length)],
    author: AUTHORS[service.system][ids.int(`author:${service.name}:${n}`, 2)],
  };
}

/** Builds n-2..n of a service, oldest first. */
export function demoBuilds(ids: DemoIds, service: DemoService): DemoBuild[] {
  const n = service.latestBuild;
  return [n - 2, n - 1, n].map(b => demoBuild(ids, service, b));
}
