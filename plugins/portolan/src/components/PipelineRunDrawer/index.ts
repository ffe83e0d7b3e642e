export { PipelineRunDrawer } from './PipelineRunDrawer';
export type { PipelineRunDrawerProps } from './PipelineRunDrawer';
