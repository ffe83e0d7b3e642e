/*
 * The fleet at a glance: every cluster with its offering (evidence on
 * hover), version, region, nodes by architecture, serverless/virtual/edge
 * and GPU nodes, capabilities, and how fresh Portolan's copy of it is.
 */
import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  Chip,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import type {
  Capability,
  CapabilityCategory,
  ClusterProfile,
  ClusterSummary,
} from '@portolan/plugin-portolan-common';
import { formatAbsolute, formatRelative, shorten } from '../../format';
import { clusterRouteRef } from '../../routes';
import { CellCaption, ColumnHeads, useTextStyles } from '../cells';
import { ProviderBadge } from '../ProviderBadge';
import { ClusterStateLabel } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  stack: { display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) },
  name: { whiteSpace: 'nowrap' },
  nowrap: { whiteSpace: 'nowrap' },
  health: { minWidth: 140, maxWidth: 240 },
  table: { '& th': { whiteSpace: 'nowrap' } },
}));

const CATEGORY_NAMES: Record<CapabilityCategory, string> = {
  'sandboxed-runtime': 'sandboxed runtime',
  cni: 'CNI',
  'service-mesh': 'service mesh',
  serverless: 'serverless',
  edge: 'edge',
  'operator-lifecycle': 'operators',
};

/** The words for a capability category. */
export function categoryName(category: CapabilityCategory): string {
  return CATEGORY_NAMES[category] ?? category;
}

const VIRTUAL_NODE_NAMES: Record<string, string> = {
  'eks-fargate': 'EKS Fargate',
  'aks-virtual-node': 'AKS virtual nodes',
  'oke-virtual-node': 'OKE virtual nodes',
  'gke-autopilot': 'GKE Autopilot',
  'virtual-kubelet': 'Virtual Kubelet',
};

/** `amd64 4 · arm64 1`. */
export function architecturesText(profile: ClusterProfile): string {
  const entries = Object.entries(profile.nodesByArchitecture);
  if (entries.length === 0) return 'architecture unknown';
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([arch, n]) => `${arch} ${n}`)
    .join(' · ');
}

/** The special nodes of a cluster, one phrase each. */
export function specialNodes(profile: ClusterProfile): string[] {
  return [
    ...profile.virtualNodes.map(
      v =>
        `${VIRTUAL_NODE_NAMES[v.kind] ?? v.kind}: ${v.nodes.length} ${
          v.nodes.length === 1 ? 'node' : 'nodes'
        }`,
    ),
    ...profile.edgeNodes.map(
      e =>
        `KubeEdge: ${e.nodes.length} edge ${
          e.nodes.length === 1 ? 'node' : 'nodes'
        }`,
    ),
    ...profile.gpus.map(
      g =>
        `${g.total} × ${g.resource} on ${g.nodes.length} ${
          g.nodes.length === 1 ? 'node' : 'nodes'
        }`,
    ),
  ];
}

/** A capability chip, with the project and evidence on hover. */
export function CapabilityChip(props: { capability: Capability }) {
  const { capability } = props;
  const maturity =
    capability.project.cncfMaturity === 'not-cncf'
      ? 'not a CNCF project'
      : `CNCF ${capability.project.cncfMaturity}`;
  return (
    <Tooltip
      title={
        <>
          <div>
            {capability.project.name} ({maturity})
          </div>
          {capability.evidence.map((e, i) => (
            <div key={i}>{e.description}</div>
          ))}
        </>
      }
    >
      <Chip
        size="small"
        variant="outlined"
        tabIndex={0}
        label={`${capability.name} · ${categoryName(capability.category)}`}
        data-capability={capability.id}
      />
    </Tooltip>
  );
}

function Capabilities(props: { profile?: ClusterProfile }) {
  const classes = useStyles();
  const text = useTextStyles();
  const capabilities = props.profile?.capabilities ?? [];
  const operators = props.profile?.operators ?? [];
  if (capabilities.length === 0 && operators.length === 0) {
    return <span className={text.muted}>None detected</span>;
  }
  return (
    <div className={classes.chips}>
      {capabilities.map(c => (
        <CapabilityChip key={c.id} capability={c} />
      ))}
      {operators.length > 0 && (
        <Chip
          size="small"
          variant="outlined"
          label={`${operators.length} OLM operators`}
        />
      )}
    </div>
  );
}

function ClusterLink(props: { name: string }) {
  const clusterLink = useRouteRef(clusterRouteRef);
  return <Link to={clusterLink({ name: props.name })}>{props.name}</Link>;
}

/** The fleet table. */
export function ClustersTable(props: { clusters: ClusterSummary[] }) {
  const classes = useStyles();
  const text = useTextStyles();
  return (
    <Table size="small" aria-label="Clusters" className={classes.table}>
      <ColumnHeads
        columns={[
          'Cluster',
          'Provider',
          'Kubernetes',
          'Nodes',
          'Special nodes',
          'Capabilities',
          'Health',
        ]}
      />
      <TableBody>
        {props.clusters.map(cluster => {
          const profile = cluster.facts.profile;
          const special = profile ? specialNodes(profile) : [];
          return (
            <TableRow key={cluster.name} data-cluster={cluster.name}>
              <TableCell className={classes.name}>
                <ClusterLink name={cluster.name} />
                {cluster.title !== cluster.name && (
                  <CellCaption>{cluster.title}</CellCaption>
                )}
                <CellCaption muted>via {cluster.locator}</CellCaption>
              </TableCell>
              <TableCell>
                <div className={classes.stack}>
                  <span>
                    <ProviderBadge profile={profile} />
                  </span>
                  {profile?.region && (
                    <Typography variant="caption" color="textSecondary">
                      {profile.region}
                    </Typography>
                  )}
                </div>
              </TableCell>
              <TableCell className={text.mono}>
                {cluster.version.gitVersion ?? profile?.gitVersion ?? '—'}
              </TableCell>
              <TableCell>
                {profile ? (
                  <div className={`${classes.stack} ${classes.nowrap}`}>
                    <span>{profile.nodeCount} nodes</span>
                    <Typography variant="caption" color="textSecondary">
                      {architecturesText(profile)}
                    </Typography>
                  </div>
                ) : (
                  <span className={text.muted}>not known yet</span>
                )}
              </TableCell>
              <TableCell>
                {special.length ? (
                  <div className={classes.stack}>
                    {special.map(s => (
                      <span key={s}>{s}</span>
                    ))}
                  </div>
                ) : (
                  <span className={text.muted}>None</span>
                )}
              </TableCell>
              <TableCell>
                <Capabilities profile={profile} />
              </TableCell>
              <TableCell className={classes.health}>
                <div className={classes.stack}>
                  <ClusterStateLabel
                    state={cluster.health.state}
                    detail={cluster.health.message}
                  />
                  {cluster.health.state !== 'synced' && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      title={formatAbsolute(cluster.health.since)}
                    >
                      since {formatRelative(cluster.health.since)}
                    </Typography>
                  )}
                  {cluster.health.message && (
                    <Typography
                      variant="caption"
                      title={cluster.health.message}
                    >
                      {shorten(cluster.health.message, 80)}
                    </Typography>
                  )}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
