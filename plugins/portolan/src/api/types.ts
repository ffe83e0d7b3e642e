/*
 * What the frontend reads from the backend, as the backend's OpenAPI spec
 * describes it: the types generated from the spec into
 * `@portolan/plugin-portolan-common` (`PortolanOpenApi`), the API's one
 * description. (The spec test holds the common package's zod schemas, which
 * parse the answers at runtime, to the same shapes.)
 */
import type { PortolanOpenApi } from '@portolan/plugin-portolan-common';

/**
 * An entity's delivery view: every section is optional so the UI can tell
 * "the backend has no such source" from "nothing found".
 */
export type PortolanEntityView = PortolanOpenApi.EntityView;
export type FleetPipelineRun = PortolanOpenApi.FleetPipelineRun;
export type FleetPipelineRunsResponse =
  PortolanOpenApi.FleetPipelineRunsResponse;
export type ClustersResponse = PortolanOpenApi.ClustersResponse;
export type FleetImagesResponse = PortolanOpenApi.FleetImagesResponse;
export type FleetOnboarding = PortolanOpenApi.FleetOnboarding;
export type OfferingsCatalogue = PortolanOpenApi.OfferingsCatalogue;
export type OnboardingChecklist = PortolanOpenApi.OnboardingChecklist;
export type PodLogResponse = PortolanOpenApi.PodLog;
