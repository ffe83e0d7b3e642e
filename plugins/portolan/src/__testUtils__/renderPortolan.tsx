/*
 * Test scaffolding shared by the component tests: a jest-mocked Portolan
 * API (the demo's answers, or per test what differs: a value or a backend
 * failure), the app wrapper (renderInTestApp + TestApiProvider + the
 * entity), a permission API that allows or denies, and the accessibility
 * check every component test runs: no status is conveyed by colour alone.
 */
import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { RouteRef } from '@backstage/core-plugin-api';
import type { RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { portolanApiRef, type PortolanApi } from '../api';
import { demoClusters } from '../__fixtures__/clusters';
import { storefrontEntity } from '../__fixtures__/entity';
import { storefrontView } from '../__fixtures__/entityView';
import { fleetOnboarding, pendingChecklist } from '../__fixtures__/onboarding';

/** `AuthorizeResult.ALLOW | DENY`, without depending on permission-common. */
type PermissionDecision = Exclude<
  NonNullable<Parameters<typeof mockApis.permission>[0]>['authorize'],
  Function | undefined
>;

/** A Portolan API whose every method is a jest mock; defaults answer the demo. */
export function mockPortolanApi(
  overrides: Partial<PortolanApi> = {},
): jest.Mocked<PortolanApi> {
  return {
    getClusters: jest.fn().mockResolvedValue(demoClusters),
    getEntityView: jest.fn().mockResolvedValue(storefrontView),
    getPodLog: jest.fn().mockRejectedValue(new Error('no log in this test')),
    getOfferings: jest.fn().mockRejectedValue(new Error('no offerings')),
    getImages: jest.fn().mockResolvedValue({
      items: [],
      generatedAt: '2025-01-31T12:00:00Z',
      entities: 0,
      partial: false,
      errors: [],
    }),
    getPipelineRuns: jest.fn().mockResolvedValue({ items: [] }),
    getOnboardingChecklist: jest.fn().mockResolvedValue(pendingChecklist),
    getFleetOnboarding: jest.fn().mockResolvedValue(fleetOnboarding),
    getEntityHistory: jest.fn().mockResolvedValue({ items: [] }),
    getEntityDora: jest
      .fn()
      .mockRejectedValue(new Error('no DORA in this test')),
    getFleetDora: jest
      .fn()
      .mockRejectedValue(new Error('no DORA in this test')),
    ...overrides,
  } as jest.Mocked<PortolanApi>;
}

/** A ResponseError as the client throws it for a backend error answer. */
export async function backendError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        request: { method: 'GET', url: '/api/portolan' },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: name,
        headers: { 'Content-Type': 'application/json' },
      },
    ) as any,
  );
}

/** An error answer of the backend, for a test's API method to fail with. */
export class BackendFailure {
  constructor(
    readonly status: number,
    readonly name: string,
    readonly message: string,
  ) {}

  /** The ResponseError the client throws for this answer. */
  toResponseError(): Promise<ResponseError> {
    return backendError(this.status, this.name, this.message);
  }
}

/** 403: the caller lacks `permission`. */
export function notAllowed(permission: string): BackendFailure {
  return new BackendFailure(
    403,
    'NotAllowedError',
    `Not allowed: ${permission}`,
  );
}

/** 404: the route is not served, or what it names does not exist. */
export function notFound(message = 'Not found'): BackendFailure {
  return new BackendFailure(404, 'NotFoundError', message);
}

/** 500: the backend failed. */
export function serverError(message: string): BackendFailure {
  return new BackendFailure(500, 'Error', message);
}

/** 503: the backend cannot answer yet. */
export function unavailable(message: string): BackendFailure {
  return new BackendFailure(503, 'ServiceUnavailableError', message);
}

/**
 * What API methods answer where a test differs from the demo: the value a
 * method resolves with, or the backend failure it rejects with.
 */
export type PortolanAnswers = {
  [M in keyof PortolanApi]?:
    | Awaited<ReturnType<PortolanApi[M]>>
    | BackendFailure;
};

/** A mocked API answering `answers`, and the demo for every other method. */
export async function mockPortolanAnswers(
  answers: PortolanAnswers,
): Promise<jest.Mocked<PortolanApi>> {
  const overrides: { [method: string]: jest.Mock } = {};
  for (const [method, answer] of Object.entries(answers)) {
    overrides[method] =
      answer instanceof BackendFailure
        ? jest.fn().mockRejectedValue(await answer.toResponseError())
        : jest.fn().mockResolvedValue(answer);
  }
  return mockPortolanApi(overrides);
}

export interface RenderPortolanOptions {
  /** The API as a whole; else the demo's, changed by `answers`. */
  api?: PortolanApi;
  answers?: PortolanAnswers;
  /** Whether permission checks (logs) are allowed; default allow. */
  permission?: 'allow' | 'deny';
  entity?: Entity | null;
  mountedRoutes?: { [path: string]: RouteRef };
  routeEntries?: string[];
}

/** Renders `element` in a test app with the Portolan API and an entity. */
export async function renderPortolan(
  element: ReactElement,
  options: RenderPortolanOptions = {},
): Promise<RenderResult & { api: PortolanApi }> {
  if (options.api && options.answers) {
    throw new Error('renderPortolan takes an api or answers, not both');
  }
  const api = options.api ?? (await mockPortolanAnswers(options.answers ?? {}));
  const permissionApi = mockApis.permission({
    authorize: (options.permission === 'deny'
      ? 'DENY'
      : 'ALLOW') as PermissionDecision,
  });
  const entity =
    options.entity === null ? undefined : options.entity ?? storefrontEntity;
  const result = await renderInTestApp(
    <TestApiProvider
      apis={[
        [portolanApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      {entity ? (
        <EntityProvider entity={entity}>{element}</EntityProvider>
      ) : (
        element
      )}
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...options.mountedRoutes,
      },
      routeEntries: options.routeEntries,
    },
  );
  return { ...result, api };
}

/**
 * Every element that shows a status (`data-status`) carries words: its own
 * text or an accessible label. Colour alone never says anything.
 */
export function expectStatusesReadable(container: HTMLElement): void {
  const statuses = Array.from(container.querySelectorAll('[data-status]'));
  for (const el of statuses) {
    const text = el.textContent?.trim() ?? '';
    const label =
      el.getAttribute('aria-label') ??
      el.querySelector('[aria-label]')?.getAttribute('aria-label') ??
      '';
    expect({
      status: el.getAttribute('data-status'),
      words: text || label,
    }).toEqual(expect.objectContaining({ words: expect.stringMatching(/\w/) }));
  }
}
