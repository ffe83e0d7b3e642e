export { StepLog, STEP_LOG_TAIL_LINES } from './StepLog';
export type { StepLogProps } from './StepLog';
