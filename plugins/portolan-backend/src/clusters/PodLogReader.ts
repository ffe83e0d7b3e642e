/*
 * Reads one container's log live through the API server, on demand. Logs
 * are not watched or cached. Whether the caller may read this pod is
 * decided before this is called; this only fetches, with a timeout and a
 * byte limit, and turns API server failures into HTTP errors.
 */
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { ClusterRegistry } from './ClusterRegistry';
import { KubeRequestError } from './KubeClient';

/** Which log to read. */
export interface PodLogRequest {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  tailLines: number;
  signal: AbortSignal;
  /** A background reader's name, sent as a User-Agent comment (`history`). */
  agentComment?: string;
}

/** The most log bytes returned at once. */
export const MAX_LOG_BYTES = 2 * 1024 * 1024;

const LOG_TIMEOUT_MS = 15_000;

export class PodLogReader {
  constructor(private readonly registry: ClusterRegistry) {}

  async read(
    request: PodLogRequest,
  ): Promise<{ log: string; truncated: boolean }> {
    const cluster = this.registry.get(request.cluster);
    if (!cluster) {
      throw new NotFoundError(`No cluster named '${request.cluster}'`);
    }
    const query = new URLSearchParams({
      container: request.container,
      tailLines: String(request.tailLines),
      limitBytes: String(MAX_LOG_BYTES),
    });
    const path = `/api/v1/namespaces/${encodeURIComponent(
      request.namespace,
    )}/pods/${encodeURIComponent(request.pod)}/log?${query}`;
    try {
      const { text, truncated } = await cluster.client.getText(path, {
        signal: request.signal,
        timeoutMs: LOG_TIMEOUT_MS,
        maxBytes: MAX_LOG_BYTES,
        agentComment: request.agentComment,
      });
      return {
        log: text,
        truncated: truncated || Buffer.byteLength(text) >= MAX_LOG_BYTES,
      };
    } catch (e) {
      if (!(e instanceof KubeRequestError)) throw e;
      const where = `${request.cluster}/${request.namespace}/${request.pod}/${request.container}`;
      if (e.status === 404) {
        throw new NotFoundError(`No log for ${where}: ${e.message}`);
      }
      if (e.status === 400) {
        // The API server's way of saying the container has no log yet (waiting to start).
        throw new ConflictError(`No log for ${where} yet: ${e.message}`);
      }
      throw new ServiceUnavailableError(
        `Cluster ${request.cluster} did not return the log of ${where}: ${e.message}`,
      );
    }
  }
}
