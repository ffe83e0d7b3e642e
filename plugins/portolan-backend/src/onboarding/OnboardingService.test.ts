import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FleetOnboardingSchema,
  type OnboardingChecklist,
  portolanLogsReadPermission,
} from '@portolan/plugin-portolan-common';
import {
  type DemoFleet,
  demoCatalogEntities,
  demoClusterSummaries,
  demoFleet,
} from './__testUtils__/demoFleet';
import { DEFAULT_ONBOARDING_CONVENTIONS } from './OnboardingConventions';
import {
  LOG_PROBE_FAILURE_TTL_MS,
  LOG_PROBE_TTL_MS,
  OnboardingService,
  type OnboardingServiceOptions,
} from './OnboardingService';

// Starts kube-sim with the demo world; generous for a loaded 2-core machine.
jest.setTimeout(120_000);

const entities = demoCatalogEntities();
const entity = (name: string) =>
  entities.find(e => e.kind === 'Component' && e.metadata.name === name)!;
const user = mockCredentials.user('user:default/carol');

let fleet: DemoFleet;
beforeAll(async () => {
  fleet = await demoFleet();
}, 60_000);

function service(options: Partial<OnboardingServiceOptions> = {}) {
  const catalog = options.catalog ?? catalogServiceMock({ entities });
  const permissions = options.permissions ?? mockServices.permissions();
  return new OnboardingService({
    views: fleet.viewsWith({ catalog, permissions }),
    clusters: () => demoClusterSummaries(fleet),
    catalog,
    permissions,
    readLog: async () => ({ log: 'started\n', truncated: false }),
    conventions: DEFAULT_ONBOARDING_CONVENTIONS,
    logger: mockServices.logger.mock(),
    ...options,
  });
}

const states = (c: OnboardingChecklist) =>
  Object.fromEntries(c.steps.map(s => [s.id, s.state]));

describe('OnboardingService on the demo world', () => {
  it("checks storefront-web against the live data, reading a log and naming each run's matchers", async () => {
    const checklist = await service().checklist(entity('storefront-web'), user);
    expect(states(checklist)).toEqual({
      owner: 'met',
      workloads: 'met',
      'pipeline-runs': 'met',
      image: 'met',
      argocd: 'met',
      logs: 'met',
    });
    const runs = checklist.steps.find(s => s.id === 'pipeline-runs')!;
    expect(runs.evidence.join('\n')).toMatch(
      /found by its label selector backstage\.io\/kubernetes-id=storefront-web \(matcher label-selector\)/,
    );
    expect(runs.evidence.join('\n')).toMatch(
      /found by its repository github\.com\/acme\/storefront-web \(matcher repository\)/,
    );
    expect(checklist.steps.find(s => s.id === 'logs')!.evidence[1]).toMatch(
      /^Read the log of /,
    );
  });

  it('says what is wrong where the demo world has a problem', async () => {
    const catalogService = await service().checklist(
      entity('catalog-service'),
      user,
    );
    expect(states(catalogService).argocd).toBe('unmet');
    const searchIndexer = await service().checklist(
      entity('search-indexer'),
      user,
    );
    expect(states(searchIndexer).image).toBe('unmet');
  });

  it('refuses the logs step to a caller who may not read logs', async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            r.permission.name === portolanLogsReadPermission.name
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
    });
    const checklist = await service({ permissions }).checklist(
      entity('payments-api'),
      user,
    );
    expect(states(checklist).logs).toBe('unmet');
  });

  it('reports a cluster refusing pods/log as an RBAC fix', async () => {
    const checklist = await service({
      readLog: async () => {
        throw new ServiceUnavailableError(
          'Cluster gke-prod-eu did not return the log: 403 pods is forbidden',
        );
      },
    }).checklist(entity('payments-api'), user);
    const logs = checklist.steps.find(s => s.id === 'logs')!;
    expect(logs.state).toBe('unmet');
    expect(logs.fix?.snippet).toContain('pods/log');
  });

  it('says when the owner is not in the catalog', async () => {
    const orphan = {
      ...entity('ledger'),
      spec: { ...entity('ledger').spec, owner: 'team-ledger' },
    };
    const checklist = await service().checklist(orphan, user);
    expect(states(checklist).owner).toBe('unmet');
    expect(checklist.steps[0].fix?.snippet).toContain('team-payments');
  });

  it('summarises the fleet, least complete first', async () => {
    const summary = await service().fleet(user);
    expect(FleetOnboardingSchema.parse(summary)).toEqual(summary);
    expect(summary.totals.services).toBe(9);
    expect(summary.services.map(s => s.completeness)).toEqual(
      [...summary.services.map(s => s.completeness)].sort((a, b) => a - b),
    );
    const catalogService = summary.services.find(
      s => s.entityRef === 'component:default/catalog-service',
    )!;
    expect(catalogService.steps).toContainEqual({
      id: 'argocd',
      state: 'unmet',
    });
    expect(summary.steps.find(s => s.id === 'owner')).toMatchObject({ met: 9 });
  });

  describe('the log probe', () => {
    /** A service counting log reads, whose views can show a changed pod. */
    function probing(readLog: OnboardingServiceOptions['readLog']) {
      const catalog = catalogServiceMock({ entities });
      const permissions = mockServices.permissions();
      const views = fleet.viewsWith({ catalog, permissions });
      let restarts = 0;
      let now = 1_000_000;
      const onboarding = service({
        catalog,
        permissions,
        readLog,
        now: () => now,
        views: {
          readableEntities: views.readableEntities.bind(views),
          assemble: async (e, options) => {
            const assembled = await views.assemble(e, options);
            // The pod as a restart would show it: same name, new status.
            const workloads = assembled.view.workloads?.map(w => ({
              ...w,
              pods: w.pods.map(p => ({
                ...p,
                restarts: p.restarts + restarts,
              })),
            }));
            return { ...assembled, view: { ...assembled.view, workloads } };
          },
        },
      });
      return {
        checklist: () => onboarding.checklist(entity('payments-api'), user),
        restart: () => restarts++,
        advance: (ms: number) => (now += ms),
      };
    }

    it('is not read again for an unchanged pod, and is when the pod changes or the answer expires', async () => {
      const reads: string[] = [];
      const t = probing(async request => {
        reads.push(`${request.pod}/${request.container}`);
        return { log: 'started\n', truncated: false };
      });
      const first = await t.checklist();
      expect(states(first).logs).toBe('met');
      await t.checklist();
      await t.checklist();
      expect(reads).toHaveLength(1);

      t.restart();
      const afterRestart = await t.checklist();
      expect(states(afterRestart).logs).toBe('met');
      expect(reads).toHaveLength(2);
      expect(reads[1]).toBe(reads[0]);
      await t.checklist();
      expect(reads).toHaveLength(2);

      t.advance(LOG_PROBE_TTL_MS + 1);
      await t.checklist();
      expect(reads).toHaveLength(3);
    });

    it('asks again sooner after a failure', async () => {
      let calls = 0;
      const t = probing(async () => {
        calls++;
        throw new ServiceUnavailableError('the API server timed out');
      });
      // An unavailable API server leaves the step undecided.
      expect(states(await t.checklist()).logs).toBe('unknown');
      await t.checklist();
      expect(calls).toBe(1);
      t.advance(LOG_PROBE_FAILURE_TTL_MS + 1);
      expect(states(await t.checklist()).logs).toBe('unknown');
      expect(calls).toBe(2);
    });
  });
});
