/*
 * Test scaffolding shared by the component tests: a jest-mocked Portolan
 * API, the app wrapper (renderInTestApp + TestApiProvider + the entity), a
 * permission API that allows or denies, and the accessibility check every
 * component test runs: no status is conveyed by colour alone.
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

export interface RenderPortolanOptions {
  api?: PortolanApi;
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
  const api = options.api ?? mockPortolanApi();
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
