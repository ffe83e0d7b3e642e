/*
 * The platform team's pages: the fleet (every cluster, its offering,
 * version, nodes, capabilities and freshness), one cluster in detail, the
 * offerings matrix, what needs attention across the fleet, and which
 * services still need help onboarding. Live like every Portolan view.
 */
import {
  Content,
  Header,
  Link,
  Page,
  TabbedLayout,
} from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { Box, Typography } from '@material-ui/core';
import { Route, Routes, useParams } from 'react-router-dom';
import { useClusters, useLiveQuery } from '../../hooks';
import { rootRouteRef } from '../../routes';
import { ClusterDetail } from '../ClusterDetail';
import { ClusterProblems } from '../ClusterProblems';
import { ClustersTable } from '../ClustersTable';
import { FleetAttention } from '../FleetAttention';
import { FleetOnboarding } from '../FleetOnboarding';
import { LiveStatus } from '../LiveStatus';
import { NoAnswer } from '../NoAnswer';
import { OfferingsMatrix } from '../OfferingsMatrix';

/** The offerings catalogue changes with a release, not by the minute. */
const OFFERINGS_REFRESH_MS = 5 * 60_000;

/** Every cluster in the fleet. */
export function FleetView() {
  const clusters = useClusters();
  if (!clusters.value) {
    return (
      <NoAnswer query={clusters} errorTitle="Could not load the clusters" />
    );
  }
  const list = clusters.value.clusters;
  if (list.length === 0) {
    return (
      <Typography variant="body1" role="note">
        No clusters configured: add <code>portolan.clusterLocatorMethods</code>{' '}
        to the backend’s app-config (<code>type: demo</code> starts the demo
        clusters; <code>type: kubernetesPlugin</code> reuses the clusters of the
        official Kubernetes plugin).
      </Typography>
    );
  }
  return (
    <>
      <LiveStatus
        updatedAt={clusters.updatedAt}
        refreshing={clusters.refreshing}
        error={clusters.error}
      >
        {list.length} clusters ·{' '}
      </LiveStatus>
      <Box mt={1}>
        <ClusterProblems
          clusters={list.map(c => ({
            name: c.name,
            title: c.title,
            ...c.health,
          }))}
        />
      </Box>
      <ClustersTable clusters={list} />
    </>
  );
}

/** The offerings matrix. */
export function OfferingsView() {
  const offerings = useLiveQuery(
    'offerings',
    (api, signal) => api.getOfferings({ signal }),
    { intervalMs: OFFERINGS_REFRESH_MS },
  );
  if (!offerings.value) {
    return (
      <NoAnswer query={offerings} errorTitle="Could not load the offerings" />
    );
  }
  return <OfferingsMatrix catalogue={offerings.value} />;
}

/** One cluster, by the `:name` route parameter. */
export function ClusterDetailView() {
  const { name } = useParams();
  const clusters = useClusters();
  const root = useRouteRef(rootRouteRef);
  if (!clusters.value) {
    return (
      <NoAnswer query={clusters} errorTitle="Could not load the clusters" />
    );
  }
  const cluster = clusters.value.clusters.find(c => c.name === name);
  return (
    <>
      <Box mb={2}>
        <Link to={root()}>← All clusters</Link>
      </Box>
      {cluster ? (
        <ClusterDetail cluster={cluster} />
      ) : (
        <Typography variant="body1" role="note">
          No cluster named {name} is configured.
        </Typography>
      )}
    </>
  );
}

/** The pages' content, without a page header (the new frontend system draws one). */
export function ClustersPageContent() {
  return (
    <Routes>
      <Route
        path="/cluster/:name"
        element={
          <Content>
            <ClusterDetailView />
          </Content>
        }
      />
      <Route
        path="/*"
        element={
          <TabbedLayout>
            <TabbedLayout.Route path="/" title="Clusters">
              <FleetView />
            </TabbedLayout.Route>
            <TabbedLayout.Route path="/offerings" title="Offerings">
              <OfferingsView />
            </TabbedLayout.Route>
            <TabbedLayout.Route path="/attention" title="Needs attention">
              <FleetAttention />
            </TabbedLayout.Route>
            <TabbedLayout.Route path="/onboarding" title="Onboarding">
              <FleetOnboarding />
            </TabbedLayout.Route>
          </TabbedLayout>
        }
      />
    </Routes>
  );
}

/** The clusters page with its own header (legacy frontend system). */
export function ClustersPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Clusters"
        subtitle="Every cluster Portolan watches: what it is, what it runs, how fresh"
      />
      <ClustersPageContent />
    </Page>
  );
}
