/*
 * The honest part of a partial answer: which clusters could not be read,
 * since when and why, which sources failed, and which clusters the entity
 * names that do not exist — shown inline above the data, never swallowed.
 */
import { makeStyles, Typography } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import type {
  HealthState,
  SourceError,
} from '@portolan/plugin-portolan-common';
import { formatAbsolute, formatRelative, shorten } from '../../format';
import { clusterStateText } from '../StatusLabel';

/** A cluster and its freshness, as both the entity view and `/clusters` give it. */
export interface ClusterFreshness {
  name: string;
  title?: string;
  state: HealthState;
  since: string;
  message?: string;
}

const EXPLANATIONS: Partial<Record<HealthState, string>> = {
  syncing: 'first list still in progress; nothing is known yet',
  stale: 'updates stopped; the data shown is as of then',
  unreachable: 'cannot be reached; nothing from it is shown',
  unauthorized: 'refused Portolan’s credentials',
  forbidden: 'Portolan’s credentials may not list or watch here',
  'not-installed': 'does not serve this resource type',
};

/** The sentence describing one cluster's problem. */
export function describeClusterProblem(cluster: ClusterFreshness): string {
  const [, label] = clusterStateText(cluster.state);
  const explanation = EXPLANATIONS[cluster.state];
  return `${label} since ${formatRelative(cluster.since)}${
    explanation ? ` (${explanation})` : ''
  }${cluster.message ? `: ${shorten(cluster.message)}` : ''}`;
}

const useStyles = makeStyles(theme => ({
  root: { marginBottom: theme.spacing(2) },
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
}));

export interface ClusterProblemsProps {
  clusters: ClusterFreshness[];
  sourceErrors?: SourceError[];
  /** Cluster names the entity's annotation asks for that are not configured. */
  unknownClusters?: string[];
  /** One line (for cards): which clusters, and their state. */
  compact?: boolean;
}

/** Inline warnings for every cluster that is not `synced`; nothing when all are. */
export function ClusterProblems(props: ClusterProblemsProps) {
  const classes = useStyles();
  const problems = props.clusters.filter(c => c.state !== 'synced');
  const sourceErrors = props.sourceErrors ?? [];
  const unknown = props.unknownClusters ?? [];
  if (!problems.length && !sourceErrors.length && !unknown.length) {
    return null;
  }
  const serious = problems.some(p =>
    ['stale', 'unreachable', 'unauthorized', 'forbidden'].includes(p.state),
  );
  const fresh = props.clusters.length - problems.length;
  if (props.compact) {
    const parts = [
      ...problems.map(
        c =>
          `${c.title ?? c.name} ${clusterStateText(c.state)[1].toLowerCase()}`,
      ),
      ...sourceErrors.map(e => `source ${e.source} failed`),
      ...unknown.map(name => `${name} not configured`),
    ];
    return (
      <Alert
        severity={serious || sourceErrors.length ? 'warning' : 'info'}
        className={classes.root}
        aria-label="Partial answer"
      >
        Partial: {parts.join(', ')}
      </Alert>
    );
  }
  return (
    <Alert
      severity={serious || sourceErrors.length ? 'warning' : 'info'}
      className={classes.root}
      aria-label="Partial answer"
    >
      <AlertTitle>
        Partial answer
        {props.clusters.length > 0 &&
          `: ${fresh} of ${props.clusters.length} clusters up to date`}
      </AlertTitle>
      <ul className={classes.list}>
        {problems.map(c => (
          <li key={c.name} data-cluster={c.name} data-state={c.state}>
            <Typography variant="body2" component="span">
              <strong>{c.title ?? c.name}</strong>:{' '}
              <span
                title={`${formatAbsolute(c.since)}${
                  c.message ? `\n${c.message}` : ''
                }`}
              >
                {describeClusterProblem(c)}
              </span>
            </Typography>
          </li>
        ))}
        {sourceErrors.map(e => (
          <li key={`source:${e.source}`}>
            <Typography variant="body2" component="span">
              Source <strong>{e.source}</strong> failed: {e.message}
            </Typography>
          </li>
        ))}
        {unknown.length > 0 && (
          <li>
            <Typography variant="body2" component="span">
              The entity’s <code>backstage.io/kubernetes-cluster</code>{' '}
              annotation names clusters that are not configured:{' '}
              {unknown.join(', ')}
            </Typography>
          </li>
        )}
      </ul>
    </Alert>
  );
}
