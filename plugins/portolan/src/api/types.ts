/*
 * What the frontend reads from the backend beyond the schemas
 * `@portolan/plugin-portolan-common` already puts in `EntityView`: the
 * sections sources add (`timeline`, `images`, `kpackImages`), each optional
 * so the UI can tell "the backend has no such source" from "nothing found".
 * The fleet-wide pipeline runs types are the common package's, re-exported.
 */
import type {
  EntityView,
  ImageViewSections,
  TimelineEntry,
} from '@portolan/plugin-portolan-common';

/** An entity's delivery view with the sections sources may add. */
export type PortolanEntityView = EntityView &
  ImageViewSections & {
    timeline?: TimelineEntry[];
  };

export type {
  FleetPipelineRun,
  FleetPipelineRunsResponse,
} from '@portolan/plugin-portolan-common';
