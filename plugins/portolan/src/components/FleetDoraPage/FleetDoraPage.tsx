/*
 * The fleet's DORA four keys for the platform team: pooled over every
 * service the reader may see, then per owning team and per service, each
 * table sortable by any key (GET /dora). Decides no figure itself.
 */
import {
  parseEntityRef,
  type CompoundEntityRef,
} from '@backstage/catalog-model';
import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Grid, makeStyles, TextField } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { portolanApiRef, type DoraMetrics } from '../../api';
import { backendMessage } from '../../errorAnswer';
import {
  DORA_KEYS,
  DORA_TITLES,
  DoraBandLabel,
  DoraFigures,
  doraSortValue,
  doraValue,
  PeriodSelect,
  useAsyncAnswer,
  type DoraKey,
} from '../EntityDoraCard';

const useStyles = makeStyles(theme => ({
  cell: { display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) },
  filters: { display: 'flex', gap: theme.spacing(2), alignItems: 'center' },
}));

function MetricCell(props: { dora: DoraMetrics; metric: DoraKey }) {
  const classes = useStyles();
  return (
    <div className={classes.cell}>
      <span>{doraValue(props.dora, props.metric)}</span>
      <DoraBandLabel band={props.dora.performance[props.metric]} />
    </div>
  );
}

function metricColumns<T extends { dora: DoraMetrics }>(): TableColumn<T>[] {
  return DORA_KEYS.map(key => ({
    title: DORA_TITLES[key],
    field: `dora.${key}`,
    render: row => <MetricCell dora={row.dora} metric={key} />,
    customSort: (a, b) =>
      doraSortValue(a.dora, key) - doraSortValue(b.dora, key),
  }));
}

function refOf(ref: string | undefined): CompoundEntityRef | undefined {
  if (!ref || ref === 'unowned') return undefined;
  try {
    return parseEntityRef(ref);
  } catch {
    return undefined;
  }
}

interface OwnerRow {
  owner: string;
  services: number;
  dora: DoraMetrics;
}
interface ServiceRow {
  entityRef: string;
  title?: string;
  owner?: string;
  dora: DoraMetrics;
}

/** The page's content (the page chrome is FleetDoraPage). */
export function FleetDoraContent() {
  const classes = useStyles();
  const api = useApi(portolanApiRef);
  const [window, setWindow] = useState<string>('30d');
  const [owner, setOwner] = useState('');
  const [ownerQuery, setOwnerQuery] = useState<string | undefined>();
  const fleet = useAsyncAnswer(
    signal => api.getFleetDora({ window, owner: ownerQuery }, { signal }),
    [api, window, ownerQuery],
  );

  const ownerColumns: TableColumn<OwnerRow>[] = [
    {
      title: 'Team',
      field: 'owner',
      render: row => {
        const ref = refOf(row.owner);
        return ref ? (
          <EntityRefLink entityRef={ref} defaultKind="group" />
        ) : (
          'No owner'
        );
      },
    },
    { title: 'Services', field: 'services', type: 'numeric' },
    ...metricColumns<OwnerRow>(),
  ];
  const serviceColumns: TableColumn<ServiceRow>[] = [
    {
      title: 'Service',
      field: 'entityRef',
      render: row => (
        <EntityRefLink
          entityRef={parseEntityRef(row.entityRef)}
          title={row.title}
        />
      ),
    },
    {
      title: 'Team',
      field: 'owner',
      render: row => {
        const ref = refOf(row.owner);
        return ref ? (
          <EntityRefLink entityRef={ref} defaultKind="group" />
        ) : (
          '—'
        );
      },
    },
    ...metricColumns<ServiceRow>(),
  ];

  return (
    <>
      <ContentHeader title="Delivery performance (DORA)">
        <div className={classes.filters}>
          <TextField
            id="portolan-dora-team"
            label="Team"
            placeholder="group:default/team-payments"
            value={owner}
            onChange={e => setOwner(e.target.value)}
            onKeyDown={e => {
              if (e.key === 'Enter') setOwnerQuery(owner.trim() || undefined);
            }}
            onBlur={() => setOwnerQuery(owner.trim() || undefined)}
            variant="outlined"
            size="small"
          />
          <PeriodSelect value={window} onChange={setWindow} />
        </div>
      </ContentHeader>
      {fleet.loading && <Progress />}
      {!fleet.loading && fleet.error && (
        <Alert severity="warning">
          No DORA metrics: {backendMessage(fleet.error)}
        </Alert>
      )}
      {!fleet.loading && fleet.value && (
        <Grid container spacing={3}>
          <Grid item xs={12}>
            <InfoCard
              title={`All ${fleet.value.services.length} services`}
              subheader="Production deployments pooled across the services you may see"
            >
              <DoraFigures metrics={fleet.value} />
            </InfoCard>
          </Grid>
          <Grid item xs={12}>
            <Table<OwnerRow>
              title="Per team"
              options={{ paging: false, search: false }}
              columns={ownerColumns}
              data={fleet.value.owners.map(o => ({ ...o }))}
            />
          </Grid>
          <Grid item xs={12}>
            <Table<ServiceRow>
              title="Per service"
              options={{ paging: true, pageSize: 20, search: true }}
              columns={serviceColumns}
              data={fleet.value.services.map(s => ({ ...s }))}
            />
          </Grid>
        </Grid>
      )}
    </>
  );
}

/** The fleet DORA page (`/portolan/dora` in the example app). */
export function FleetDoraPage() {
  return (
    <Page themeId="tool">
      <Header
        title="DORA metrics"
        subtitle="The four keys of software delivery, from Portolan's delivery history"
      />
      <Content>
        <FleetDoraContent />
      </Content>
    </Page>
  );
}
