/*
 * History and DORA answers for the component tests: a service with
 * hand-picked figures in every band, and a two-team fleet.
 */
import type { DoraMetrics, FleetDora, HistoryPage } from '../api';

export const storefrontDora: DoraMetrics = {
  window: {
    since: '2025-01-01T12:00:00.000Z',
    until: '2025-01-31T12:00:00.000Z',
    days: 30,
  },
  deploymentFrequency: { count: 12, perDay: 0.4 },
  leadTimeForChanges: { medianSeconds: 5400, basis: 'firstRun' },
  changeFailureRate: { ratio: 0.25, failed: 3, total: 12 },
  timeToRestore: { medianSeconds: 2.5 * 86_400, incidents: 2 },
  performance: {
    deploymentFrequency: 'high',
    leadTimeForChanges: 'elite',
    changeFailureRate: 'low',
    timeToRestore: 'medium',
  },
};

export const quietDora: DoraMetrics = {
  ...storefrontDora,
  deploymentFrequency: { count: 0, perDay: 0 },
  leadTimeForChanges: { medianSeconds: null, basis: null },
  changeFailureRate: { ratio: null, failed: 0, total: 0 },
  timeToRestore: { medianSeconds: null, incidents: 0 },
  performance: {
    deploymentFrequency: 'low',
    leadTimeForChanges: null,
    changeFailureRate: null,
    timeToRestore: null,
  },
};

const paymentsDora: DoraMetrics = {
  ...storefrontDora,
  deploymentFrequency: { count: 45, perDay: 1.5 },
  changeFailureRate: { ratio: 0.02, failed: 1, total: 45 },
  performance: {
    ...storefrontDora.performance,
    deploymentFrequency: 'elite',
    changeFailureRate: 'elite',
  },
};

export const fleetDora: FleetDora = {
  ...storefrontDora,
  deploymentFrequency: { count: 57, perDay: 1.9 },
  owners: [
    { owner: 'group:default/team-payments', services: 1, dora: paymentsDora },
    {
      owner: 'group:default/team-storefront',
      services: 2,
      dora: storefrontDora,
    },
  ],
  services: [
    {
      entityRef: 'component:default/storefront-web',
      title: 'Storefront web',
      owner: 'group:default/team-storefront',
      dora: storefrontDora,
    },
    {
      entityRef: 'component:default/payments-api',
      owner: 'group:default/team-payments',
      dora: paymentsDora,
    },
    {
      entityRef: 'component:default/cart-service',
      owner: 'group:default/team-storefront',
      dora: quietDora,
    },
  ],
};

export const runsHistoryPage1: HistoryPage = {
  items: [
    {
      cluster: 'gke-prod-eu',
      source: 'tekton',
      kind: 'PipelineRun',
      namespace: 'storefront',
      name: 'storefront-web-build-42',
      status: 'failed',
      startedAt: '2025-01-30T10:00:00Z',
      finishedAt: '2025-01-30T10:05:00Z',
      commit: 'abcdef1234567890',
      live: true,
      details: { failedStep: 'unit-test/go-test', failureReason: 'Error' },
    },
    {
      cluster: 'gke-prod-eu',
      source: 'tekton',
      kind: 'PipelineRun',
      namespace: 'storefront',
      name: 'storefront-web-build-41',
      status: 'succeeded',
      startedAt: '2025-01-20T10:00:00Z',
      commit: '1234567890abcdef',
      live: false,
      details: {},
    },
  ],
  nextCursor: 'cursor-2',
};

export const runsHistoryPage2: HistoryPage = {
  items: [
    {
      cluster: 'gke-prod-eu',
      source: 'kpack',
      kind: 'Build',
      namespace: 'storefront',
      name: 'storefront-web-build-1',
      status: 'succeeded',
      startedAt: '2024-12-01T10:00:00Z',
      live: false,
      details: {},
    },
  ],
};
