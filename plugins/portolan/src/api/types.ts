/*
 * What the frontend reads from the backend beyond the schemas
 * `@portolan/plugin-portolan-common` already puts in `EntityView`: the
 * sections sources add (`timeline`, `images`, `kpackImages`), each optional
 * so the UI can tell "the backend has no such source" from "nothing found",
 * and the fleet-wide pipeline runs route this plugin proposes.
 */
import type {
  EntityView,
  ImageViewSections,
  PipelineRun,
  TimelineEntry,
} from '@portolan/plugin-portolan-common';

/** An entity's delivery view with the sections sources may add. */
export type PortolanEntityView = EntityView &
  ImageViewSections & {
    timeline?: TimelineEntry[];
  };

/** A fleet-wide pipeline run (`GET /pipeline-runs`), with the entity it belongs to when known. */
export type FleetPipelineRun = PipelineRun & { entityRef?: string };

/** `GET /pipeline-runs`: fleet-wide pipeline runs. */
export interface FleetPipelineRunsResponse {
  items: FleetPipelineRun[];
}
