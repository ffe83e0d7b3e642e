/*
 * One cluster in full: what it is (offering and the evidence), what it runs
 * (node pools, special nodes, capabilities with their projects, operators)
 * and how fresh each watched resource type is.
 */
import { InfoCard, Link } from '@backstage/core-components';
import {
  Grid,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import type { ClusterSummary } from '@portolan/plugin-portolan-common';
import { CellCaption, ColumnHeads, TimeCell, useTextStyles } from '../cells';
import { describeClusterProblem } from '../ClusterProblems';
import {
  architecturesText,
  categoryName,
  specialNodes,
} from '../ClustersTable';
import { ProviderBadge, ProviderEvidence } from '../ProviderBadge';
import { ClusterStateLabel } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  heading: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    marginBottom: theme.spacing(2),
  },
}));

function Facts(props: { rows: Array<[string, React.ReactNode]> }) {
  return (
    <Table size="small">
      <TableBody>
        {props.rows.map(([k, v]) => (
          <TableRow key={k}>
            <TableCell component="th" scope="row">
              {k}
            </TableCell>
            <TableCell>{v}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** A cluster's detail view. */
export function ClusterDetail(props: { cluster: ClusterSummary }) {
  const classes = useStyles();
  const text = useTextStyles();
  const { cluster } = props;
  const profile = cluster.facts.profile;
  return (
    <div>
      <div className={classes.heading}>
        <Typography variant="h4" component="h2">
          {cluster.title}
        </Typography>
        <ProviderBadge profile={profile} size="medium" />
        <ClusterStateLabel
          state={cluster.health.state}
          detail={cluster.health.message}
        />
      </div>
      {cluster.health.state !== 'synced' && (
        <Typography variant="body1" role="note" gutterBottom>
          {describeClusterProblem({ name: cluster.name, ...cluster.health })}
        </Typography>
      )}
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <InfoCard title="What it is">
            {profile ? (
              <>
                <ProviderEvidence provider={profile.provider} />
                <Facts
                  rows={[
                    ['Kubernetes', cluster.version.gitVersion ?? '—'],
                    ['Region', profile.region ?? '—'],
                    ['Zones', profile.zones.join(', ') || '—'],
                    [
                      'Nodes',
                      `${profile.nodeCount} (${architecturesText(profile)})`,
                    ],
                    [
                      'Special nodes',
                      specialNodes(profile).join('; ') || 'None',
                    ],
                    ['Located via', cluster.locator],
                  ]}
                />
                {profile.warnings.map(w => (
                  <Typography key={w} variant="caption" display="block">
                    {w}
                  </Typography>
                ))}
              </>
            ) : (
              <Typography variant="body2">
                Not known yet: the profile is built once the cluster’s nodes and
                API groups have been listed.
              </Typography>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Node pools">
            {profile && profile.nodePools.length > 0 ? (
              <Table size="small" aria-label="Node pools">
                <ColumnHeads
                  columns={['Pool', 'Nodes', 'Instance types', 'Architectures']}
                />
                <TableBody>
                  {profile.nodePools.map(p => (
                    <TableRow key={p.name}>
                      <TableCell title={p.labelKey}>{p.name}</TableCell>
                      <TableCell>{p.nodes}</TableCell>
                      <TableCell>{p.instanceTypes.join(', ') || '—'}</TableCell>
                      <TableCell>{p.architectures.join(', ') || '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <Typography variant="body2">
                No node-pool labels seen on this cluster’s nodes.
              </Typography>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Capabilities">
            {profile && profile.capabilities.length > 0 ? (
              <Table size="small" aria-label="Capabilities">
                <ColumnHeads
                  columns={[
                    'Capability',
                    'Kind',
                    'Project',
                    'CNCF maturity',
                    'Evidence',
                  ]}
                />
                <TableBody>
                  {profile.capabilities.map(c => (
                    <TableRow key={c.id}>
                      <TableCell>{c.name}</TableCell>
                      <TableCell>{categoryName(c.category)}</TableCell>
                      <TableCell>
                        {c.project.homepage ? (
                          <Link to={c.project.homepage}>{c.project.name}</Link>
                        ) : (
                          c.project.name
                        )}
                      </TableCell>
                      <TableCell>
                        {c.project.cncfMaturity === 'not-cncf'
                          ? 'not a CNCF project'
                          : c.project.cncfMaturity}
                        <CellCaption muted>
                          checked {c.project.maturityCheckedOn}
                        </CellCaption>
                      </TableCell>
                      <TableCell>
                        {c.evidence.map((e, i) => (
                          <div key={i}>{e.description}</div>
                        ))}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <Typography variant="body2">
                No sandboxed runtime, CNI, mesh, Knative or OLM detected.
              </Typography>
            )}
            {profile && profile.operators.length > 0 && (
              <Table size="small" aria-label="Operators">
                <ColumnHeads
                  columns={['Operator', 'Namespace', 'Version', 'Phase']}
                />
                <TableBody>
                  {profile.operators.map(o => (
                    <TableRow key={`${o.namespace}/${o.name}`}>
                      <TableCell>{o.displayName ?? o.name}</TableCell>
                      <TableCell>{o.namespace}</TableCell>
                      <TableCell>{o.version ?? '—'}</TableCell>
                      <TableCell>{o.upstreamPhase ?? o.phase}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <InfoCard title="Watched resources">
            <Table size="small" aria-label="Watched resources">
              <ColumnHeads
                columns={['Kind', 'API', 'State', 'Objects', 'Since']}
              />
              <TableBody>
                {cluster.resources.map(r => (
                  <TableRow key={`${r.group}/${r.version}/${r.plural}`}>
                    <TableCell>{r.kind}</TableCell>
                    <TableCell className={text.mono}>
                      {r.group ? `${r.group}/${r.version}` : r.version}
                    </TableCell>
                    <TableCell>
                      <ClusterStateLabel state={r.state} detail={r.message} />
                      {r.message && <CellCaption>{r.message}</CellCaption>}
                    </TableCell>
                    <TableCell>{r.count}</TableCell>
                    <TimeCell time={r.since} />
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </InfoCard>
        </Grid>
      </Grid>
    </div>
  );
}
