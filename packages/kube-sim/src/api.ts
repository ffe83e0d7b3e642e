import type { RequestFault } from './faults/RequestFaults';
import type { RequestLog } from './server/RequestLog';
import type { ClusterFixture, KubeObject, ObjectRef } from './types';

export interface KubeSimOptions {
  /** A folder of cluster folders, as the CLI's `--fixtures`. */
  fixturesDir?: string;
  /** In-memory cluster definitions (added after those of `fixturesDir`). */
  clusters?: ClusterFixture[];
  /** Interface to listen on; default 127.0.0.1. Ports are ephemeral unless a cluster gives one. */
  host?: string;
  /** How often watches with `allowWatchBookmarks=true` get a BOOKMARK; default 5000 ms. */
  bookmarkIntervalMs?: number;
  /** Events kept per resource type for watch resumption and list snapshots; default 10 000. */
  watchEventWindow?: number;
  /** How often a `follow=true` log stream gets a new generated line; default 1000 ms. */
  logFollowIntervalMs?: number;
}

/** Fault switches of one cluster; `reset()` returns to normal. */
export interface SimFaults {
  /** Delays every request by `ms`. */
  setLatency(ms: number): void;
  /** Refuses connections: closes the listener and every open connection. */
  down(): Promise<void>;
  /** Listens again, on the same port. */
  up(): Promise<void>;
  /** Ends every open watch (and log follow) stream now. */
  dropWatches(): void;
  /** The next watch request gets an ERROR event with a 410 Expired Status. */
  expireNextWatch(): void;
  /** The next `times` list requests that carry a `continue` token get 410 Expired (as when etcd compacted past it). */
  expireContinue(times?: number): void;
  /** Answers requests whose path and query contain `pattern` with 429 (with `Retry-After`), 500 or 503 (`times` times, or until `reset`). */
  failRequests(fault: RequestFault): void;
  /** Watches answer 200 and then stay silent (a stalled stream) while on. */
  stallWatches(on: boolean): void;
  /** The next watch sends one line of `chars` characters without a newline. */
  overlongNextWatchLine(chars: number): void;
  /** Lists carry a `null` item and a nameless object among the real ones while on. */
  badListItems(on: boolean): void;
  /** Answers every request with 500 InternalError while on. */
  failWith500(on: boolean): void;
  /** Answers JSON that does not parse while on (truncated bodies, watch lines). */
  malformedJson(on: boolean): void;
  /** The current token now gets 401 (until `rotateToken` or `reset`). */
  expireToken(): void;
  /** Accepts `token` instead of the current one. */
  rotateToken(token: string): void;
  /** 403 for requests with that token (or any) on that resource (`plural` or `plural/subresource`). */
  forbid(
    token: string | '*',
    resource: { group: string; resource: string },
  ): void;
  /** Back to normal: no latency, errors or forbidden resources; the original token; listening. */
  reset(): Promise<void>;
}

/** One emulated cluster. */
export interface SimCluster {
  readonly name: string;
  /** `https://127.0.0.1:<port>`. */
  readonly url: string;
  /** The bearer token it currently accepts. */
  readonly token: string;
  /** Base64 PEM of the CA that signed its certificate. */
  readonly caData: string;
  readonly gitVersion: string;
  /** The current resourceVersion (etcd revision) of the cluster. */
  readonly resourceVersion: string;
  /** Creates an object (fires ADDED); 409 if it exists, 404 if its namespace does not. */
  create(obj: KubeObject): KubeObject;
  /** Replaces an object (fires MODIFIED); 404 if missing, 409 on a stale resourceVersion. */
  update(obj: KubeObject): KubeObject;
  /** JSON merge patch (RFC 7386) of an object (fires MODIFIED). */
  patch(ref: ObjectRef, patch: Partial<KubeObject>): KubeObject;
  /** Deletes an object (fires DELETED; a Namespace takes its objects with it). */
  delete(ref: ObjectRef): void;
  get(ref: ObjectRef): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  /** Forgets the watch event history of every type: watches from older versions now get 410. */
  compact(): void;
  readonly faults: SimFaults;
  readonly requests: RequestLog;
  clearRequests(): void;
}

/** A running set of emulated clusters. */
export interface KubeSim {
  readonly clusters: SimCluster[];
  /** The cluster of that name; throws on an unknown name. */
  cluster(name: string): SimCluster;
  /** Base64 PEM of the CA. */
  readonly caData: string;
  /** Kubeconfig YAML: one context per cluster named after it; current-context = the first. */
  kubeconfig(): string;
  writeKubeconfig(path: string): Promise<void>;
  /** Closes every server and open watch. */
  stop(): Promise<void>;
}
