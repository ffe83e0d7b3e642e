/*
 * The history and DORA answers as the frontend reads them (the backend's
 * openapi.yaml `HistoryPage`, `DoraMetrics`, `FleetDora`).
 */

/** Which history: runs (Tekton, Jenkins X, kpack builds), Argo CD deployments, image placements. */
export type HistoryType = 'pipelineRuns' | 'deployments' | 'images';

/** One stored history row. @public */
export interface HistoryItem {
  cluster: string;
  source: string;
  kind?: string;
  namespace?: string;
  name?: string;
  status?: string;
  startedAt?: string;
  finishedAt?: string;
  commit?: string;
  imageDigest?: string;
  /** False once the cluster no longer has the object (pruned, deleted). */
  live: boolean;
  details: Record<string, string | number>;
}

/** One page of history, newest first. @public */
export interface HistoryPage {
  items: HistoryItem[];
  nextCursor?: string;
}

/** @public */
export interface HistoryQuery {
  type: HistoryType;
  /** RFC 3339. */
  since?: string;
  until?: string;
  cursor?: string;
  limit?: number;
  kind?: 'PipelineRun' | 'TaskRun' | 'PipelineActivity' | 'Build';
}

/** A DORA performance band. @public */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

/** The DORA four keys over a window (docs/dora.md). @public */
export interface DoraMetrics {
  window: { since: string; until: string; days: number };
  deploymentFrequency: { count: number; perDay: number };
  leadTimeForChanges: {
    medianSeconds: number | null;
    basis: 'commit' | 'firstRun' | 'mixed' | null;
  };
  changeFailureRate: { ratio: number | null; failed: number; total: number };
  timeToRestore: { medianSeconds: number | null; incidents: number };
  performance: {
    deploymentFrequency: DoraBand | null;
    leadTimeForChanges: DoraBand | null;
    changeFailureRate: DoraBand | null;
    timeToRestore: DoraBand | null;
  };
}

/** `GET /dora`: pooled, per owner, per service. @public */
export interface FleetDora extends DoraMetrics {
  owners: Array<{ owner: string; services: number; dora: DoraMetrics }>;
  services: Array<{
    entityRef: string;
    title?: string;
    owner?: string;
    dora: DoraMetrics;
  }>;
}
