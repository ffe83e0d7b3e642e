/*
 * A DORA band as a word in a small chip; `Not measured` when the window had
 * nothing to measure. The colour repeats the word, never replaces it.
 */
import { makeStyles } from '@material-ui/core';
import type { DoraBand } from '../../api';
import { BAND_WORDS } from './doraFormat';

const useStyles = makeStyles(theme => ({
  band: {
    display: 'inline-block',
    padding: theme.spacing(0, 1),
    borderRadius: theme.shape.borderRadius,
    fontSize: '0.75rem',
    fontWeight: 600,
    lineHeight: '1.5rem',
    border: `1px solid ${theme.palette.divider}`,
  },
  elite: { color: theme.palette.success.dark },
  high: { color: theme.palette.success.main },
  medium: { color: theme.palette.warning.dark },
  low: { color: theme.palette.error.main },
  none: { color: theme.palette.text.secondary },
}));

export function DoraBandLabel(props: { band: DoraBand | null }) {
  const classes = useStyles();
  const { band } = props;
  return (
    <span
      className={`${classes.band} ${band ? classes[band] : classes.none}`}
      data-band={band ?? 'none'}
    >
      {band ? BAND_WORDS[band] : 'Not measured'}
    </span>
  );
}
