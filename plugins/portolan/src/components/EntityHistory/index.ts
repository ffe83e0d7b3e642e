export { EntityHistory, HISTORY_PAGE_SIZE } from './EntityHistory';
