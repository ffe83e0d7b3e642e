import { randomBytes } from 'node:crypto';
import type { SimCluster } from '../api';
import { FaultState } from '../faults/FaultState';
import { prepareCluster } from '../fixtures/prepareCluster';
import type { ResourceRegistry } from '../resources/ResourceRegistry';
import type { ResourceType } from '../resources/ResourceType';
import { ApiError } from '../store/ApiError';
import { FieldSelector } from '../store/FieldSelector';
import { LabelSelector } from '../store/LabelSelector';
import { mergePatch } from '../store/mergePatch';
import { ObjectStore } from '../store/ObjectStore';
import { ApiHandler } from '../server/ApiHandler';
import { ClusterServer } from '../server/ClusterServer';
import { RequestLog } from '../server/RequestLog';
import type { ServerCertificate } from '../tls/CertificateAuthority';
import type { ClusterFixture, KubeObject, ObjectRef } from '../types';
import { ClusterFaults } from './ClusterFaults';

export interface ClusterRuntimeOptions {
  host: string;
  caData: string;
  certificate: ServerCertificate;
  bookmarkIntervalMs: number;
  watchEventWindow: number;
  logFollowIntervalMs: number;
}

/** One emulated cluster: its store, its API handler and its HTTPS server. */
export class ClusterRuntime implements SimCluster {
  readonly name: string;
  readonly gitVersion: string;
  readonly caData: string;
  readonly requests = new RequestLog();
  readonly faults: ClusterFaults;
  readonly registry: ResourceRegistry;
  readonly store: ObjectStore;
  private readonly faultState: FaultState;
  private readonly handler: ApiHandler;
  private readonly server: ClusterServer;
  private readonly host: string;
  private stopped = false;

  constructor(fixture: ClusterFixture, o: ClusterRuntimeOptions) {
    this.name = fixture.name;
    this.gitVersion = fixture.gitVersion ?? 'v1.31.0';
    this.caData = o.caData;
    this.host = o.host;
    const { registry, objects } = prepareCluster(fixture);
    this.registry = registry;
    this.store = new ObjectStore(registry, o.watchEventWindow);
    this.store.load(objects);
    this.faultState = new FaultState(
      fixture.token ?? randomBytes(24).toString('base64url'),
    );
    this.handler = new ApiHandler({
      name: this.name,
      gitVersion: this.gitVersion,
      registry,
      store: this.store,
      faults: this.faultState,
      log: this.requests,
      bookmarkIntervalMs: o.bookmarkIntervalMs,
      logFollowIntervalMs: o.logFollowIntervalMs,
      serverAddress: () => `${this.host}:${this.server.port}`,
    });
    this.server = new ClusterServer(
      this.handler.handle,
      o.certificate,
      o.host,
      fixture.port ?? 0,
    );
    this.faults = new ClusterFaults(this.faultState, {
      down: () => this.down(),
      up: () => this.up(),
      dropWatches: () => this.handler.dropWatches(),
    });
  }

  async start(): Promise<void> {
    await this.server.listen();
  }

  private async down(): Promise<void> {
    this.handler.dropWatches();
    await this.server.close();
  }

  private async up(): Promise<void> {
    if (this.stopped || this.server.isListening) return;
    await this.server.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.handler.dropWatches();
    await this.server.close();
  }

  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `https://${host}:${this.server.port}`;
  }

  get port(): number {
    return this.server.port;
  }

  get token(): string {
    return this.faultState.currentToken;
  }

  get resourceVersion(): string {
    return String(this.store.resourceVersion);
  }

  get openWatches(): number {
    return this.handler.openWatches;
  }

  private typeOf(
    apiVersion: string,
    kind: string,
    namespaced?: boolean,
  ): ResourceType {
    return this.registry.ensure(apiVersion, kind, namespaced);
  }

  private existingType(ref: ObjectRef): ResourceType | undefined {
    return this.registry.lookup(ref.apiVersion, ref.kind);
  }

  create(obj: KubeObject): KubeObject {
    const type = this.typeOf(
      obj.apiVersion,
      obj.kind,
      Boolean(obj.metadata?.namespace),
    );
    const input = { ...obj, metadata: { ...obj.metadata } };
    if (type.namespaced) input.metadata.namespace ||= 'default';
    return this.store.create(type, input).copy();
  }

  update(obj: KubeObject): KubeObject {
    const type = this.registry.lookup(obj.apiVersion, obj.kind);
    if (!type)
      throw ApiError.notFound(
        obj.kind.toLowerCase(),
        obj.metadata.name ?? '',
        '',
        obj.kind,
      );
    const input = { ...obj, metadata: { ...obj.metadata } };
    if (type.namespaced) input.metadata.namespace ||= 'default';
    return this.store.update(type, input).copy();
  }

  patch(ref: ObjectRef, patch: Partial<KubeObject>): KubeObject {
    const type = this.existingType(ref);
    const ns = type?.namespaced ? ref.namespace || 'default' : undefined;
    const current = type && this.store.get(type, ns, ref.name);
    if (!type || !current) {
      throw ApiError.notFound(
        type?.groupResource ?? ref.kind.toLowerCase(),
        ref.name,
        type?.group ?? '',
        type?.plural ?? ref.kind,
      );
    }
    const next = mergePatch(current.copy(), patch) as KubeObject;
    next.metadata = { ...next.metadata, name: ref.name, namespace: ns };
    return this.store.update(type, next, 'replace', true).copy();
  }

  delete(ref: ObjectRef): void {
    const type = this.existingType(ref);
    if (!type)
      throw ApiError.notFound(ref.kind.toLowerCase(), ref.name, '', ref.kind);
    this.store.delete(
      type,
      type.namespaced ? ref.namespace || 'default' : undefined,
      ref.name,
    );
  }

  get(ref: ObjectRef): KubeObject | undefined {
    const type = this.existingType(ref);
    if (!type) return undefined;
    return this.store
      .get(
        type,
        type.namespaced ? ref.namespace || 'default' : undefined,
        ref.name,
      )
      ?.copy();
  }

  list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
    const type = this.registry.lookup(apiVersion, kind);
    if (!type) return [];
    return this.store
      .list(type, {
        namespace,
        label: LabelSelector.everything,
        field: FieldSelector.everything,
      })
      .entries.map(e => e.copy());
  }

  compact(): void {
    for (const s of this.store.allTypeStores()) s.compact(0);
  }

  clearRequests(): void {
    this.requests.clear();
  }
}
