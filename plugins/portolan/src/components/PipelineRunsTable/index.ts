export { PipelineRunsTable, sortRuns } from './PipelineRunsTable';
export type { PipelineRunsTableProps } from './PipelineRunsTable';
