export { TaskBars, describeTask } from './TaskBars';
