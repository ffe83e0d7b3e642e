import { TableCell } from '@material-ui/core';
import { formatAbsolute, formatRelative } from '../../format';

/** `3 minutes ago`, with the exact time as its tooltip. */
export function RelativeTime(props: { time?: string; className?: string }) {
  return (
    <span className={props.className} title={formatAbsolute(props.time)}>
      {formatRelative(props.time)}
    </span>
  );
}

/** A table cell reading `3 minutes ago`, with the exact time as its tooltip. */
export function TimeCell(props: { time?: string }) {
  return (
    <TableCell title={formatAbsolute(props.time)}>
      {formatRelative(props.time)}
    </TableCell>
  );
}
