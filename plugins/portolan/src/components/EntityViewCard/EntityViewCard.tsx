/*
 * The frame every overview card shares: an InfoCard that shows the live
 * entity view's loading, error and partial states the same way, and hands
 * the view to its content once there is one.
 */
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ReactNode } from 'react';
import type { PortolanEntityView } from '../../api';
import { useEntityView } from '../../hooks';
import { ClusterProblems } from '../ClusterProblems';

export interface EntityViewCardProps {
  title: string;
  subheader?: string;
  children(view: PortolanEntityView): ReactNode;
}

/** An overview card over the entity's live delivery view. */
export function EntityViewCard(props: EntityViewCardProps) {
  const { entity } = useEntity();
  const view = useEntityView(entity);
  let body: ReactNode;
  if (view.loading && !view.value) {
    body = <Progress />;
  } else if (!view.value) {
    body = (
      <ResponseErrorPanel
        error={view.error ?? new Error('No answer from the Portolan backend')}
        title={`Could not load ${props.title.toLowerCase()}`}
      />
    );
  } else {
    body = (
      <>
        <ClusterProblems
          compact
          clusters={view.value.clusters}
          sourceErrors={view.value.sourceErrors}
          unknownClusters={view.value.selection.unknownClusters}
        />
        {props.children(view.value)}
      </>
    );
  }
  return (
    <InfoCard title={props.title} subheader={props.subheader}>
      {body}
    </InfoCard>
  );
}
