export {
  ImagesTable,
  BuildpacksSummary,
  RebaseVerdict,
  groupImages,
  registryProblem,
} from './ImagesTable';
export type { ImagesTableProps, ImageGroup } from './ImagesTable';
