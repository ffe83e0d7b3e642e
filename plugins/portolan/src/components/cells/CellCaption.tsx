import { Typography } from '@material-ui/core';
import type { ReactNode } from 'react';

/**
 * The small line under a cell's value: where a run ran, a vendor, a status
 * message. `muted` for secondary facts; plain for messages that matter.
 */
export function CellCaption(props: {
  children: ReactNode;
  muted?: boolean;
  title?: string;
}) {
  return (
    <Typography
      variant="caption"
      display="block"
      color={props.muted ? 'textSecondary' : undefined}
      title={props.title}
    >
      {props.children}
    </Typography>
  );
}
