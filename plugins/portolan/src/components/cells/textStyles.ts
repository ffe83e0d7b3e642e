/*
 * The two text treatments the tables and cards share: secondary words
 * (where, when, why, "none") and code (SHAs, digests, image references,
 * API groups). Layout stays with each component.
 */
import { makeStyles } from '@material-ui/core';

/** `muted` for secondary words; `mono` for code, `monoNowrap` for code a cell must not break. */
export const useTextStyles = makeStyles(theme => ({
  muted: { color: theme.palette.text.secondary },
  mono: { fontFamily: 'monospace' },
  monoNowrap: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
}));
