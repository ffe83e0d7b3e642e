/*
 * The entity's "Delivery" tab: the commit timeline, pipeline runs,
 * deployments, images and workloads of one service, from one live entity
 * view, and its stored history (what the clusters pruned too). Per-cluster problems are shown above the data; a run opens a drawer
 * with its tasks, steps and logs.
 */
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, makeStyles, Paper, Tab, Tabs } from '@material-ui/core';
import type { PipelineRun } from '@portolan/plugin-portolan-common';
import { useMemo, useState } from 'react';
import { useClusterProfiles, useEntityView } from '../../hooks';
import { ClusterProblems } from '../ClusterProblems';
import { DeliveryTimeline, runKey } from '../DeliveryTimeline';
import { DeploymentsTable } from '../DeploymentsTable';
import { EntityHistory } from '../EntityHistory';
import { ImagesTable } from '../ImagesTable';
import { KpackImagesTable } from '../KpackImagesTable';
import { LiveStatus } from '../LiveStatus';
import { NoAnswer } from '../NoAnswer';
import { PipelineRunDrawer } from '../PipelineRunDrawer';
import { PipelineRunsTable } from '../PipelineRunsTable';
import { WorkloadsTable } from '../WorkloadsTable';

const useStyles = makeStyles(theme => ({
  tabs: { borderBottom: `1px solid ${theme.palette.divider}` },
  panel: { padding: theme.spacing(2), overflowX: 'auto' },
  code: { fontFamily: 'monospace' },
}));

const SECTIONS = [
  'timeline',
  'runs',
  'deployments',
  'images',
  'workloads',
  'history',
] as const;
type Section = (typeof SECTIONS)[number];

function count(list: unknown[] | undefined): string {
  return list ? ` (${list.length})` : '';
}

/** The Delivery tab of a service's entity page. */
export function EntityDeliveryContent() {
  const classes = useStyles();
  const { entity } = useEntity();
  const entityRef = useMemo(() => getCompoundEntityRef(entity), [entity]);
  const view = useEntityView(entity);
  const profiles = useClusterProfiles();
  const [section, setSection] = useState<Section>('timeline');
  const [openRunKey, setOpenRunKey] = useState<string | undefined>();

  if (!view.value) {
    return (
      <NoAnswer query={view} errorTitle="Could not load the delivery view" />
    );
  }
  const data = view.value;
  // The drawer follows the live data: a running run's tasks update in place.
  const openRun = openRunKey
    ? data.pipelineRuns?.find(r => runKey(r) === openRunKey)
    : undefined;
  const onOpenRun = (run: PipelineRun) => setOpenRunKey(runKey(run));

  return (
    <Box>
      <LiveStatus
        updatedAt={view.updatedAt}
        refreshing={view.refreshing}
        error={view.error}
      >
        Matching{' '}
        <span className={classes.code}>{data.selection.labelSelector}</span>
        {data.selection.namespace
          ? ` in ${data.selection.namespace}`
          : ''} on {data.clusters.length} clusters ·{' '}
      </LiveStatus>
      <Box mt={1}>
        <ClusterProblems
          clusters={data.clusters}
          sourceErrors={data.sourceErrors}
          unknownClusters={data.selection.unknownClusters}
        />
      </Box>
      <Paper>
        <Tabs
          className={classes.tabs}
          value={section}
          onChange={(_, v) => setSection(v)}
          indicatorColor="primary"
          textColor="primary"
          variant="scrollable"
          aria-label="Delivery sections"
        >
          <Tab value="timeline" label={`Timeline${count(data.timeline)}`} />
          <Tab
            value="runs"
            label={`Pipeline runs${count(data.pipelineRuns)}`}
          />
          <Tab
            value="deployments"
            label={`Deployments${count(data.deployments)}`}
          />
          <Tab value="images" label={`Images${count(data.images)}`} />
          <Tab value="workloads" label={`Workloads${count(data.workloads)}`} />
          <Tab value="history" label="History" />
        </Tabs>
        <div className={classes.panel} role="tabpanel" aria-label={section}>
          {section === 'timeline' && (
            <DeliveryTimeline
              view={data}
              profiles={profiles}
              onOpenRun={onOpenRun}
            />
          )}
          {section === 'runs' && (
            <PipelineRunsTable
              runs={data.pipelineRuns}
              selection={data.selection}
              onOpenRun={onOpenRun}
            />
          )}
          {section === 'deployments' && (
            <DeploymentsTable
              deployments={data.deployments}
              profiles={profiles}
              selection={data.selection}
            />
          )}
          {section === 'images' && (
            <>
              <ImagesTable
                images={data.images}
                profiles={profiles}
                selection={data.selection}
              />
              <KpackImagesTable images={data.kpackImages} />
            </>
          )}
          {section === 'history' && <EntityHistory entityRef={entityRef} />}
          {section === 'workloads' && (
            <WorkloadsTable
              workloads={data.workloads}
              clusters={data.clusters}
              profiles={profiles}
              selection={data.selection}
            />
          )}
        </div>
      </Paper>
      <PipelineRunDrawer
        run={openRun}
        entityRef={entityRef}
        onClose={() => setOpenRunKey(undefined)}
      />
    </Box>
  );
}
