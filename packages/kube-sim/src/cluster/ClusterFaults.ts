import type { SimFaults } from '../api';
import type { FaultState } from '../faults/FaultState';
import type { RequestFault } from '../faults/RequestFaults';

/** The `faults` facade of a cluster, over its fault state and server. */
export class ClusterFaults implements SimFaults {
  constructor(
    private readonly state: FaultState,
    private readonly control: {
      down(): Promise<void>;
      up(): Promise<void>;
      dropWatches(): void;
    },
  ) {}

  setLatency(ms: number): void {
    this.state.latencyMs = Math.max(0, ms);
  }

  down(): Promise<void> {
    return this.control.down();
  }

  up(): Promise<void> {
    return this.control.up();
  }

  dropWatches(): void {
    this.control.dropWatches();
  }

  expireNextWatch(): void {
    this.state.expireNextWatch = true;
  }

  expireContinue(times = 1): void {
    this.state.expireContinue = Math.max(0, Math.floor(times));
  }

  failRequests(fault: RequestFault): void {
    this.state.requests.add(fault);
  }

  stallWatches(on: boolean): void {
    this.state.stallWatches = on;
  }

  overlongNextWatchLine(chars: number): void {
    this.state.overlongLineChars = Math.max(0, Math.floor(chars));
  }

  badListItems(on: boolean): void {
    this.state.badListItems = on;
  }

  failWith500(on: boolean): void {
    this.state.fail500 = on;
  }

  malformedJson(on: boolean): void {
    this.state.malformedJson = on;
  }

  expireToken(): void {
    this.state.tokenExpired = true;
  }

  rotateToken(token: string): void {
    if (!token) throw new Error('rotateToken needs a non-empty token');
    this.state.currentToken = token;
    this.state.tokenExpired = false;
  }

  forbid(token: string, resource: { group: string; resource: string }): void {
    this.state.forbid(token, resource.group, resource.resource);
  }

  async reset(): Promise<void> {
    this.state.reset();
    await this.control.up();
  }
}
