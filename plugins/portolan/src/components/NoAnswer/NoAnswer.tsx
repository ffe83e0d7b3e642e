/*
 * What a view shows while its live query has no answer: a progress bar until
 * the first one arrives, then the backend's error. A refresh that fails later
 * keeps the last answer on screen (LiveStatus says so), so this is only ever
 * the first answer's stand-in.
 */
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import type { LiveQuery } from '../../hooks';

/** Progress while `query` loads, else its error under `errorTitle`. */
export function NoAnswer(props: {
  query: Pick<LiveQuery<unknown>, 'loading' | 'error'>;
  errorTitle?: string;
}) {
  if (props.query.loading) return <Progress />;
  return (
    <ResponseErrorPanel
      error={
        props.query.error ?? new Error('No answer from the Portolan backend')
      }
      title={props.errorTitle}
    />
  );
}
