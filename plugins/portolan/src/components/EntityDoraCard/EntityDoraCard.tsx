/*
 * Overview card: the service's DORA four keys over a period the reader
 * picks (7, 30 or 90 days), each with its band in words, from the stored
 * delivery history (GET …/dora; docs/dora.md says what each counts).
 * Decides no figure itself: it shows the backend's answer.
 */
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { makeStyles, MenuItem, TextField, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { useState } from 'react';
import { portolanApiRef, type DoraMetrics } from '../../api';
import { backendMessage } from '../../errorAnswer';
import { DoraBandLabel } from './DoraBandLabel';
import { DORA_KEYS, DORA_TITLES, doraDetail, doraValue } from './doraFormat';
import { useAsyncAnswer } from './useDora';

export const DORA_PERIODS = [
  { window: '7d', label: 'Last 7 days' },
  { window: '30d', label: 'Last 30 days' },
  { window: '90d', label: 'Last 90 days' },
] as const;

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(180px, 1fr))',
    gap: theme.spacing(2),
    margin: 0,
  },
  metric: { margin: 0 },
  value: {
    fontSize: '1.75rem',
    lineHeight: 1.2,
    margin: theme.spacing(0.5, 0),
  },
  detail: { color: theme.palette.text.secondary },
  period: { minWidth: 160 },
}));

/** The four keys as a definition list. */
export function DoraFigures(props: { metrics: DoraMetrics }) {
  const classes = useStyles();
  const { metrics } = props;
  return (
    <dl className={classes.grid} aria-label="DORA metrics">
      {DORA_KEYS.map(key => (
        <div key={key} className={classes.metric} data-metric={key}>
          <Typography component="dt" variant="subtitle2">
            {DORA_TITLES[key]}
          </Typography>
          <dd className={classes.metric}>
            <div className={classes.value}>{doraValue(metrics, key)}</div>
            <DoraBandLabel band={metrics.performance[key]} />
            <Typography variant="body2" className={classes.detail}>
              {doraDetail(metrics, key)}
            </Typography>
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function PeriodSelect(props: {
  value: string;
  onChange(window: string): void;
}) {
  const classes = useStyles();
  return (
    <TextField
      select
      className={classes.period}
      label="Period"
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      variant="outlined"
      size="small"
    >
      {DORA_PERIODS.map(p => (
        <MenuItem key={p.window} value={p.window}>
          {p.label}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The DORA card of a service's overview. */
export function EntityDoraCard() {
  const { entity } = useEntity();
  const api = useApi(portolanApiRef);
  const [window, setWindow] = useState<string>('30d');
  const dora = useAsyncAnswer(
    signal =>
      api.getEntityDora(getCompoundEntityRef(entity), { window }, { signal }),
    [api, stringifyEntityRef(entity), window],
  );
  return (
    <InfoCard
      title="DORA metrics"
      subheader="Production deployments of this service, from Portolan's delivery history"
      action={<PeriodSelect value={window} onChange={setWindow} />}
    >
      {dora.loading && <Progress />}
      {!dora.loading && dora.error && (
        <Alert severity="warning">
          No DORA metrics: {backendMessage(dora.error)}
        </Alert>
      )}
      {!dora.loading && dora.value && <DoraFigures metrics={dora.value} />}
    </InfoCard>
  );
}
