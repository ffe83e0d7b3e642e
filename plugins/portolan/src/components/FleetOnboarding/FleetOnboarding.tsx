/*
 * The fleet's onboarding, for the platform team: how many services are
 * fully onboarded, how many services meet each step, and every service by
 * completeness, least complete first (the backend's order), so the teams
 * that need help come first. Live like every Portolan view; decides no
 * state itself.
 */
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  parseEntityRef,
  stringifyEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import {
  EntityRefLink,
  humanizeEntityRef,
} from '@backstage/plugin-catalog-react';
import {
  Chip,
  Grid,
  LinearProgress,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type {
  FleetOnboarding as FleetOnboardingAnswer,
  FleetOnboardingService,
  OnboardingStepId,
} from '@portolan/plugin-portolan-common';
import { useMemo, useState } from 'react';
import { backendMessage, errorStatus } from '../../errorAnswer';
import { useFleetOnboarding } from '../../hooks';
import { ColumnHeads, useTextStyles } from '../cells';
import { LiveStatus } from '../LiveStatus';
import { OnboardingStateLabel } from '../OnboardingStateLabel';

const useStyles = makeStyles(theme => ({
  totals: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(4),
    margin: theme.spacing(1, 0, 0),
    // The number above its words, read as "services: 9".
    '& > div': { display: 'flex', flexDirection: 'column-reverse' },
    '& dd': { margin: 0, fontSize: '2rem', lineHeight: 1.2 },
    '& dt': { color: theme.palette.text.secondary },
  },
  bar: { minWidth: 80, height: 6, borderRadius: 3 },
  meter: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    whiteSpace: 'nowrap',
  },
  service: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    whiteSpace: 'nowrap',
  },
  nowrap: { whiteSpace: 'nowrap' },
  filter: { minWidth: 220, marginBottom: theme.spacing(2) },
  table: { '& th': { whiteSpace: 'nowrap' } },
}));

/** Column headings for the steps; the step's full title is their tooltip. */
const STEP_COLUMNS: Record<OnboardingStepId, string> = {
  owner: 'Owner set',
  workloads: 'Workloads',
  'pipeline-runs': 'Pipelines',
  image: 'Image',
  argocd: 'Argo CD',
  logs: 'Logs',
};

const ALL_OWNERS = 'all';
const NO_OWNER = 'none';

/** An owner or system as `spec` writes it, resolved like the catalog does. */
interface RelatedEntity {
  /** The full ref (`group:default/team-x`), or the value as written when it does not parse. */
  key: string;
  /** Short words: `team-x`, or the full ref outside the default kind and namespace. */
  label: string;
  ref?: CompoundEntityRef;
}

/** Resolves `value` (`team-x`, `group:ops/team-x`) relative to the service, as the catalog does. */
function relatedEntity(
  value: string,
  defaultKind: string,
  serviceRef: string,
): RelatedEntity {
  try {
    const ref = parseEntityRef(value, {
      defaultKind,
      defaultNamespace: parseEntityRef(serviceRef).namespace,
    });
    return {
      key: stringifyEntityRef(ref),
      label: humanizeEntityRef(ref, { defaultKind }),
      ref,
    };
  } catch {
    return { key: value, label: value };
  }
}

function ownerOf(service: FleetOnboardingService): RelatedEntity | undefined {
  return service.owner
    ? relatedEntity(service.owner, 'group', service.entityRef)
    : undefined;
}

/** The owner filter's value for a service. */
function ownerKey(service: FleetOnboardingService): string {
  const owner = ownerOf(service);
  return owner ? `owner:${owner.key}` : NO_OWNER;
}

function RelatedLink(props: { entity: RelatedEntity }) {
  const { entity } = props;
  return entity.ref ? (
    <EntityRefLink entityRef={entity.ref} />
  ) : (
    <span>{entity.label}</span>
  );
}

function Meter(props: { value: number; total: number; label: string }) {
  const classes = useStyles();
  const { value, total } = props;
  return (
    <span className={classes.meter}>
      <span>
        {value}/{total}
      </span>
      <LinearProgress
        variant="determinate"
        value={total > 0 ? (value / total) * 100 : 0}
        className={classes.bar}
        aria-label={props.label}
      />
    </span>
  );
}

function Totals(props: { fleet: FleetOnboardingAnswer }) {
  const classes = useStyles();
  const { totals } = props.fleet;
  return (
    <dl className={classes.totals} aria-label="Onboarding totals">
      <div>
        <dt>services</dt>
        <dd>{totals.services}</dd>
      </div>
      <div>
        <dt>fully onboarded</dt>
        <dd>{totals.complete}</dd>
      </div>
      <div>
        <dt>with a step not met</dt>
        <dd>{totals.needHelp}</dd>
      </div>
    </dl>
  );
}

function StepCounts(props: { fleet: FleetOnboardingAnswer }) {
  const classes = useStyles();
  const { steps, totals } = props.fleet;
  return (
    <Table
      size="small"
      aria-label="Onboarding steps across the fleet"
      className={classes.table}
    >
      <ColumnHeads
        columns={['Step', 'Services meeting it', 'Not met', 'Unknown']}
      />
      <TableBody>
        {steps.map(step => (
          <TableRow key={step.id} data-step={step.id}>
            <TableCell>{step.title}</TableCell>
            <TableCell>
              <Meter
                value={step.met}
                total={totals.services}
                label={`${step.title}: ${step.met} of ${totals.services} services`}
              />
            </TableCell>
            <TableCell>{step.unmet}</TableCell>
            <TableCell>{step.unknown}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ServiceRows(props: {
  fleet: FleetOnboardingAnswer;
  services: FleetOnboardingService[];
}) {
  const classes = useStyles();
  const text = useTextStyles();
  const { fleet, services } = props;
  return (
    <Table
      size="small"
      aria-label="Services by onboarding"
      className={classes.table}
    >
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>System</TableCell>
          <TableCell>Completeness</TableCell>
          {fleet.steps.map(step => (
            <TableCell key={step.id} title={step.title}>
              {STEP_COLUMNS[step.id] ?? step.title}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {services.map(service => (
          <TableRow key={service.entityRef} data-entity={service.entityRef}>
            <TableCell>
              <span className={classes.service}>
                <EntityRefLink entityRef={service.entityRef}>
                  {service.title}
                </EntityRefLink>
                {service.discovered && (
                  <Tooltip title="Found running in a cluster by Portolan’s discovery; no team has described it in a catalog-info.yaml yet">
                    <Chip size="small" variant="outlined" label="Discovered" />
                  </Tooltip>
                )}
              </span>
            </TableCell>
            <TableCell className={classes.nowrap}>
              {service.owner ? (
                <RelatedLink entity={ownerOf(service)!} />
              ) : (
                <span className={text.muted}>no owner</span>
              )}
            </TableCell>
            <TableCell className={classes.nowrap}>
              {service.system ? (
                <RelatedLink
                  entity={relatedEntity(
                    service.system,
                    'system',
                    service.entityRef,
                  )}
                />
              ) : (
                <span className={text.muted}>—</span>
              )}
            </TableCell>
            <TableCell>
              <Meter
                value={service.counts.met}
                total={service.counts.total}
                label={`${service.counts.met} of ${service.counts.total} steps met`}
              />
            </TableCell>
            {fleet.steps.map(column => {
              const step = service.steps.find(s => s.id === column.id);
              return (
                <TableCell key={column.id}>
                  {step ? (
                    <OnboardingStateLabel
                      state={step.state}
                      step={column.title}
                      compact
                    />
                  ) : (
                    <span className={text.muted}>not checked</span>
                  )}
                </TableCell>
              );
            })}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Services(props: { fleet: FleetOnboardingAnswer }) {
  const classes = useStyles();
  const { fleet } = props;
  const [owner, setOwner] = useState(ALL_OWNERS);
  const owners = useMemo(() => {
    const byKey = new Map<string, string>();
    for (const service of fleet.services) {
      const o = ownerOf(service);
      if (o) byKey.set(o.key, o.label);
    }
    return [...byKey]
      .map(([key, label]) => ({ key, label }))
      .sort((a, b) => a.label.localeCompare(b.label));
  }, [fleet]);
  const unowned = fleet.services.some(s => !s.owner);
  const shown =
    owner === ALL_OWNERS
      ? fleet.services
      : fleet.services.filter(s => ownerKey(s) === owner);
  return (
    <>
      <TextField
        select
        label="Owner"
        value={owner}
        onChange={e => setOwner(e.target.value)}
        SelectProps={{ native: true }}
        className={classes.filter}
        id="portolan-onboarding-owner"
      >
        <option value={ALL_OWNERS}>All owners</option>
        {owners.map(o => (
          <option key={o.key} value={`owner:${o.key}`}>
            {o.label}
          </option>
        ))}
        {unowned && <option value={NO_OWNER}>No owner</option>}
      </TextField>
      {owner !== ALL_OWNERS && (
        <Typography variant="body2" color="textSecondary" gutterBottom>
          Showing {shown.length} of {fleet.services.length} services.
        </Typography>
      )}
      <ServiceRows fleet={fleet} services={shown} />
    </>
  );
}

/** Every service by onboarding completeness, with totals and per-step counts. */
export function FleetOnboarding() {
  const onboarding = useFleetOnboarding();
  if (onboarding.loading && !onboarding.value) return <Progress />;
  if (!onboarding.value) {
    const error = onboarding.error ?? new Error('No answer');
    if (errorStatus(error) === 403) {
      return (
        <Alert severity="info" aria-label="Onboarding hidden">
          You may not read the fleet’s onboarding: {backendMessage(error)}. Your
          platform team can grant access.
        </Alert>
      );
    }
    if (errorStatus(error) === 404) {
      return (
        <Typography variant="body2" role="note">
          This Portolan backend does not serve{' '}
          <code>GET /api/portolan/onboarding</code> yet, so the fleet’s
          onboarding is not available.
        </Typography>
      );
    }
    return (
      <ResponseErrorPanel
        error={error}
        title="Could not load the fleet’s onboarding"
      />
    );
  }
  const fleet = onboarding.value;
  return (
    <>
      <LiveStatus
        updatedAt={onboarding.updatedAt}
        refreshing={onboarding.refreshing}
        error={onboarding.error}
      />
      {fleet.services.length === 0 ? (
        <Typography variant="body1" role="note">
          No services to show: the fleet view lists the catalog’s Components of{' '}
          <code>spec.type: service</code> that you may read. Create one with the
          “New service on Kubernetes” template, or turn on discovery of running
          services (<code>portolan.discovery.enabled</code>).
        </Typography>
      ) : (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <Totals fleet={fleet} />
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Services" subheader="Least complete first">
              <Services fleet={fleet} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <InfoCard title="Steps across the fleet">
              <StepCounts fleet={fleet} />
            </InfoCard>
          </Grid>
        </Grid>
      )}
    </>
  );
}
