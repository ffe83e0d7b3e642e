/*
 * The tail of one step's container log, read on demand through the
 * backend's logs route (which checks `portolan.logs.read` again). Errors
 * show the backend's own message: a step still waiting has no log yet (409),
 * an unreachable cluster answers 503.
 */
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { Button, makeStyles, Typography } from '@material-ui/core';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { portolanApiRef } from '../../api';

const useStyles = makeStyles(theme => ({
  log: {
    margin: 0,
    padding: theme.spacing(1),
    maxHeight: 320,
    overflow: 'auto',
    fontFamily: 'monospace',
    fontSize: '0.75rem',
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
    background: theme.palette.type === 'dark' ? '#111' : '#1e1e1e',
    color: '#eee',
    borderRadius: theme.shape.borderRadius,
  },
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginBottom: theme.spacing(0.5),
  },
}));

/** Lines asked for; the backend caps a log at 2 MiB anyway. */
export const STEP_LOG_TAIL_LINES = 500;

export interface StepLogProps {
  entityRef: CompoundEntityRef;
  cluster: string;
  namespace: string;
  pod: string;
  container?: string;
  /** For the accessible name: `Log of step build`. */
  stepName: string;
}

/** One container's log tail. */
export function StepLog(props: StepLogProps) {
  const classes = useStyles();
  const api = useApi(portolanApiRef);
  const { entityRef, cluster, namespace, pod, container } = props;
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      api.getPodLog(entityRef, {
        cluster,
        namespace,
        pod,
        container,
        tailLines: STEP_LOG_TAIL_LINES,
      }),
    [api, entityRef, cluster, namespace, pod, container],
  );

  if (loading && !value) return <Progress />;
  if (error) {
    return (
      <ResponseErrorPanel
        error={error}
        title={`Could not read the log of step ${props.stepName}`}
      />
    );
  }
  if (!value) return null;
  return (
    <div>
      <div className={classes.bar}>
        <Typography variant="caption">
          {value.pod} / {value.container} — last {value.tailLines} lines
          {value.truncated ? ' (cut at the size limit)' : ''}
        </Typography>
        <Button size="small" onClick={retry} disabled={loading}>
          Reload
        </Button>
      </div>
      <pre
        className={classes.log}
        role="log"
        aria-label={`Log of step ${props.stepName}`}
        // A scrollable region must be reachable by keyboard to be scrolled.
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
      >
        {value.log || '(the log is empty)'}
      </pre>
    </div>
  );
}
