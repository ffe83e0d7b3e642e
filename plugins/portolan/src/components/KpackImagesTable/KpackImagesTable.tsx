/*
 * kpack's side of the images: each kpack Image with its builder, source and
 * the run image its stack resolves now, and its build history — why each
 * build ran (COMMIT, BUILDPACK, STACK …, with what changed) and what it
 * produced.
 */
import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import type {
  KpackImage,
  KpackImageState,
} from '@portolan/plugin-portolan-common';
import {
  formatAbsolute,
  formatDuration,
  formatRelative,
  shortDigest,
  shortImageReference,
  shortSha,
} from '../../format';
import { RunStatusLabel, StatusLabel, type StatusTone } from '../StatusLabel';

const useStyles = makeStyles(theme => ({
  image: { marginTop: theme.spacing(3) },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    marginBottom: theme.spacing(1),
  },
  muted: { color: theme.palette.text.secondary },
  mono: { fontFamily: 'monospace', whiteSpace: 'nowrap' },
}));

const STATES: Record<KpackImageState, [StatusTone, string]> = {
  ready: ['ok', 'Ready'],
  'not-ready': ['error', 'Not ready'],
  unknown: ['unknown', 'Readiness unknown'],
};

/** kpack Images and their builds; nothing when the entity has none. */
export function KpackImagesTable(props: { images?: KpackImage[] }) {
  const classes = useStyles();
  if (!props.images || props.images.length === 0) return null;
  return (
    <div>
      {props.images.map(image => {
        const [tone, label] = STATES[image.state] ?? STATES.unknown;
        return (
          <section
            key={`${image.cluster}/${image.namespace}/${image.name}`}
            className={classes.image}
            aria-label={`kpack image ${image.name}`}
          >
            <div className={classes.heading}>
              <Typography variant="h6" component="h3">
                kpack Image {image.namespace}/{image.name}
              </Typography>
              <StatusLabel
                tone={tone}
                label={label}
                detail={image.stateMessage ?? image.stateReason}
              />
              <Typography variant="caption" className={classes.muted}>
                on {image.cluster} · builder {image.builder.kind ?? ''}{' '}
                {image.builder.name ?? image.builder.image ?? 'unknown'}
                {image.sourceUrl ? ` · source ${image.sourceUrl}` : ''}
                {image.sourceRevision ? `@${image.sourceRevision}` : ''}
              </Typography>
            </div>
            {image.currentRunImage && (
              <Typography variant="body2" gutterBottom>
                Run image now:{' '}
                <span className={classes.mono} title={image.currentRunImage}>
                  {shortImageReference(image.currentRunImage)}
                </span>
                {image.currentRunImageFrom
                  ? ` (from ${image.currentRunImageFrom})`
                  : ''}
              </Typography>
            )}
            {image.builds.length === 0 ? (
              <Typography variant="body2" className={classes.muted}>
                No builds yet.
              </Typography>
            ) : (
              <Table size="small" aria-label={`Builds of ${image.name}`}>
                <TableHead>
                  <TableRow>
                    <TableCell>Build</TableCell>
                    <TableCell>Status</TableCell>
                    <TableCell>Why</TableCell>
                    <TableCell>Commit</TableCell>
                    <TableCell>Image</TableCell>
                    <TableCell>Run image</TableCell>
                    <TableCell>Finished</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {image.builds.map(build => (
                    <TableRow key={build.name}>
                      <TableCell>
                        {build.buildNumber !== undefined
                          ? `#${build.buildNumber}`
                          : build.name}
                      </TableCell>
                      <TableCell>
                        <RunStatusLabel
                          status={build.status}
                          detail={build.message ?? build.conditionReason}
                        />
                      </TableCell>
                      <TableCell>
                        {build.changes.length > 0
                          ? build.changes.map(c => (
                              <div key={c.summary}>{c.summary}</div>
                            ))
                          : build.upstreamReasons.join(', ') || '—'}
                      </TableCell>
                      <TableCell className={classes.mono}>
                        {build.commit?.sha ? shortSha(build.commit.sha) : '—'}
                      </TableCell>
                      <TableCell className={classes.mono} title={build.digest}>
                        {build.digest ? shortDigest(build.digest) : '—'}
                      </TableCell>
                      <TableCell
                        className={classes.mono}
                        title={build.runImage}
                      >
                        {shortImageReference(build.runImage)}
                      </TableCell>
                      <TableCell title={formatAbsolute(build.finishedAt)}>
                        {build.finishedAt
                          ? formatRelative(build.finishedAt)
                          : '—'}
                        {build.durationMs !== undefined && (
                          <Typography
                            variant="caption"
                            display="block"
                            className={classes.muted}
                          >
                            took {formatDuration(build.durationMs)}
                          </Typography>
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            {image.warnings.map(w => (
              <Typography key={w} variant="caption" display="block">
                {w}
              </Typography>
            ))}
          </section>
        );
      })}
    </div>
  );
}
