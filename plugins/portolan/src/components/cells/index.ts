/*
 * The small pieces the tables and cards share, so a commit, a time, a
 * caption or a column head reads the same everywhere. Presentation only:
 * they fetch nothing and decide no state.
 */
export { CellCaption } from './CellCaption';
export { ColumnHeads } from './ColumnHeads';
export { CommitSha } from './CommitSha';
export { RelativeTime, TimeCell } from './RelativeTime';
export { useTextStyles } from './textStyles';
