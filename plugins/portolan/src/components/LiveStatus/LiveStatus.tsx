/*
 * The freshness line under a live view: when it was last updated, whether
 * a refresh is under way, and — when a refresh failed — that the data shown
 * is the last good answer, with the backend's message.
 */
import { makeStyles, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { DateTime } from 'luxon';

const useStyles = makeStyles(theme => ({
  line: { color: theme.palette.text.secondary },
  alert: { marginBottom: theme.spacing(1) },
}));

export interface LiveStatusProps {
  updatedAt?: number;
  refreshing?: boolean;
  /** A refresh that failed while older data is still shown. */
  error?: Error;
  /** Leading words (`Selector … ·`). */
  children?: React.ReactNode;
}

/** "Updated 3 seconds ago", and a warning when the last refresh failed. */
export function LiveStatus(props: LiveStatusProps) {
  const classes = useStyles();
  const updated = props.updatedAt
    ? DateTime.fromMillis(props.updatedAt).toRelative()
    : undefined;
  return (
    <>
      {props.error && (
        <Alert severity="warning" className={classes.alert}>
          Refresh failed, showing the last answer
          {updated ? ` (${updated})` : ''}: {props.error.message}
        </Alert>
      )}
      <Typography variant="caption" className={classes.line} component="p">
        {props.children}
        {updated ? `Updated ${updated}` : ''}
        {props.refreshing
          ? ' · refreshing…'
          : ' · refreshes every 10 s while open'}
      </Typography>
    </>
  );
}
