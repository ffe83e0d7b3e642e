/*
 * Who sent a request to a cluster, and what it is counted as: read off
 * kube-sim's request log (bench/simProcess.ts) and the real apiservers'
 * audit logs (bench/realProcess.ts) alike.
 */

/** Which plugin sent a request, from its User-Agent. */
export type Client = 'portolan' | 'official' | 'other';

export function clientOf(userAgent: string | undefined): Client {
  if (!userAgent) return 'other';
  if (userAgent.startsWith('portolan')) return 'portolan';
  // The official backend fetches with node-fetch v2 and sets no User-Agent.
  if (userAgent.startsWith('node-fetch')) return 'official';
  return 'other';
}

/**
 * The verb a request is counted under: the backend's background readers
 * name themselves in a User-Agent comment (`portolan-backend (history)`),
 * and their requests count as `history`, whatever they read.
 */
export function countedVerb(
  verb: string,
  userAgent: string | undefined,
): string {
  return userAgent?.endsWith('(history)') ? 'history' : verb;
}
