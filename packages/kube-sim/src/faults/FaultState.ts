import { RequestFaults } from './RequestFaults';

/** The fault switches of one cluster, read by its request handler. */
export class FaultState {
  latencyMs = 0;
  fail500 = false;
  malformedJson = false;
  expireNextWatch = false;
  /** How many more list requests that carry a `continue` token get 410 Expired. */
  expireContinue = 0;
  /** Watches open (200, headers) and then send nothing, ever. */
  stallWatches = false;
  /** The next watch sends one line of this many characters and no newline. */
  overlongLineChars = 0;
  /** Lists carry a `null` item and a nameless one among the real ones. */
  badListItems = false;
  /** Status answers (429/500/503) per request pattern. */
  readonly requests = new RequestFaults();
  tokenExpired = false;
  currentToken: string;
  private readonly forbidden: Array<{
    token: string;
    group: string;
    resource: string;
  }> = [];

  constructor(readonly initialToken: string) {
    this.currentToken = initialToken;
  }

  /** Whether this paged list request must get 410 (and counts it down). */
  takeExpiredContinue(): boolean {
    if (this.expireContinue <= 0) return false;
    this.expireContinue--;
    return true;
  }

  acceptsToken(token: string | undefined): boolean {
    return (
      token !== undefined && token === this.currentToken && !this.tokenExpired
    );
  }

  forbid(token: string, group: string, resource: string): void {
    this.forbidden.push({ token, group, resource });
  }

  isForbidden(token: string, group: string, resource: string): boolean {
    return this.forbidden.some(
      f =>
        (f.token === '*' || f.token === token) &&
        f.group === group &&
        f.resource === resource,
    );
  }

  reset(): void {
    this.latencyMs = 0;
    this.fail500 = false;
    this.malformedJson = false;
    this.expireNextWatch = false;
    this.expireContinue = 0;
    this.requests.clear();
    this.stallWatches = false;
    this.overlongLineChars = 0;
    this.badListItems = false;
    this.tokenExpired = false;
    this.currentToken = this.initialToken;
    this.forbidden.length = 0;
  }
}
