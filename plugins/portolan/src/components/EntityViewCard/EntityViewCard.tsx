/*
 * The frame every overview card shares: an InfoCard that shows the live
 * entity view's loading, error and partial states the same way, and hands
 * the view to its content once there is one.
 */
import { InfoCard } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { ReactNode } from 'react';
import type { PortolanEntityView } from '../../api';
import { useEntityView } from '../../hooks';
import { ClusterProblems } from '../ClusterProblems';
import { NoAnswer } from '../NoAnswer';

export interface EntityViewCardProps {
  title: string;
  subheader?: string;
  children(view: PortolanEntityView): ReactNode;
}

/** An overview card over the entity's live delivery view. */
export function EntityViewCard(props: EntityViewCardProps) {
  const { entity } = useEntity();
  const view = useEntityView(entity);
  return (
    <InfoCard title={props.title} subheader={props.subheader}>
      {view.value ? (
        <>
          <ClusterProblems
            compact
            clusters={view.value.clusters}
            sourceErrors={view.value.sourceErrors}
            unknownClusters={view.value.selection.unknownClusters}
          />
          {props.children(view.value)}
        </>
      ) : (
        <NoAnswer
          query={view}
          errorTitle={`Could not load ${props.title.toLowerCase()}`}
        />
      )}
    </InfoCard>
  );
}
