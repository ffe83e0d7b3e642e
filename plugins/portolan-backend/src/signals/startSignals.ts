import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { ViewChangeFeed } from '../views/changeFeed';
import { SignalPublisher } from './SignalPublisher';

/**
 * Publishes the view change feed as signals until stopped. Without the
 * signals backend installed nothing subscribes to the events the signals
 * service emits, so publishing costs a local no-op and the pages keep
 * polling (they only stop when the signals API is present in the app).
 */
export function startSignals(options: {
  feed: ViewChangeFeed;
  signals: Pick<SignalsService, 'publish'>;
  logger: Pick<LoggerService, 'warn' | 'info'>;
  windowMs?: number;
}): { publisher: SignalPublisher; stop(): void } {
  const publisher = new SignalPublisher({
    signals: options.signals,
    logger: options.logger,
    windowMs: options.windowMs,
  });
  const unlisten = publisher.listen(options.feed);
  return {
    publisher,
    stop() {
      unlisten();
      publisher.stop();
    },
  };
}
