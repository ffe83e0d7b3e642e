import { createApiRef } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { PipelineSystem } from '@portolan/plugin-portolan-common';
import type {
  ClustersResponse,
  FleetImagesResponse,
  FleetOnboarding,
  FleetPipelineRunsResponse,
  OfferingsCatalogue,
  OnboardingChecklist,
  PodLogResponse,
  PortolanEntityView,
} from './types';
import type {
  DoraMetrics,
  FleetDora,
  HistoryPage,
  HistoryQuery,
} from './historyTypes';

/** Every request can be cancelled (a component unmounting, a newer poll). */
export interface PortolanRequestOptions {
  signal?: AbortSignal;
}

/** Which container log to read through the backend's logs route. */
export interface PodLogRequest {
  cluster: string;
  /** The pod's Kubernetes namespace. */
  namespace: string;
  pod: string;
  container?: string;
  tailLines?: number;
}

/**
 * The Portolan backend (`/api/portolan`) as the frontend uses it. Failures
 * are `ResponseError`s carrying the backend's message.
 *
 * @public
 */
export interface PortolanApi {
  /** `GET /clusters`: every cluster with its health and profile. */
  getClusters(options?: PortolanRequestOptions): Promise<ClustersResponse>;
  /** `GET /entities/:namespace/:kind/:name`: one entity's delivery view. */
  getEntityView(
    entityRef: CompoundEntityRef,
    options?: PortolanRequestOptions,
  ): Promise<PortolanEntityView>;
  /** `GET /entities/:namespace/:kind/:name/logs`: the tail of a container's log. */
  getPodLog(
    entityRef: CompoundEntityRef,
    request: PodLogRequest,
    options?: PortolanRequestOptions,
  ): Promise<PodLogResponse>;
  /** `GET /entities/:namespace/:kind/:name/onboarding`: one service's onboarding checklist. */
  getOnboardingChecklist(
    entityRef: CompoundEntityRef,
    options?: PortolanRequestOptions,
  ): Promise<OnboardingChecklist>;
  /** `GET /onboarding`: every service by onboarding completeness, least complete first. */
  getFleetOnboarding(
    options?: PortolanRequestOptions,
  ): Promise<FleetOnboarding>;
  /** `GET /offerings`: the managed offerings catalogue and the clusters on each. */
  getOfferings(options?: PortolanRequestOptions): Promise<OfferingsCatalogue>;
  /** `GET /images`: fleet-wide images, e.g. `{ rebase: 'available' }`. */
  getImages(
    query?: { rebase?: 'available' },
    options?: PortolanRequestOptions,
  ): Promise<FleetImagesResponse>;
  /**
   * `GET /pipeline-runs`: the runs of every service the caller may read,
   * newest first; `status` is one run status or several separated by
   * commas (`failed,timed-out`).
   */
  getPipelineRuns(
    query?: { status?: string; system?: PipelineSystem; limit?: number },
    options?: PortolanRequestOptions,
  ): Promise<FleetPipelineRunsResponse>;
  /** `GET /entities/:namespace/:kind/:name/history`: stored history, newest first, one page. */
  getEntityHistory(
    entityRef: CompoundEntityRef,
    query: HistoryQuery,
    options?: PortolanRequestOptions,
  ): Promise<HistoryPage>;
  /** `GET /entities/:namespace/:kind/:name/dora`: one service's DORA four keys (`window`: `30d`). */
  getEntityDora(
    entityRef: CompoundEntityRef,
    query?: { window?: string },
    options?: PortolanRequestOptions,
  ): Promise<DoraMetrics>;
  /** `GET /dora`: the fleet's DORA four keys, per owner and service. */
  getFleetDora(
    query?: { window?: string; owner?: string },
    options?: PortolanRequestOptions,
  ): Promise<FleetDora>;
}

/**
 * The Portolan API's reference; `PortolanClient` implements it.
 *
 * @public
 */
export const portolanApiRef = createApiRef<PortolanApi>({
  id: 'plugin.portolan.api',
});
