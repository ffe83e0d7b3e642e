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
import { CellCaption, ColumnHeads, useTextStyles } from '../cells';
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
}));

const STATES: Record<KpackImageState, [StatusTone, string]> = {
  ready: ['ok', 'Ready'],
  'not-ready': ['error', 'Not ready'],
  unknown: ['unknown', 'Readiness unknown'],
};

/** kpack Images and their builds; nothing when the entity has none. */
export function KpackImagesTable(props: { images?: KpackImage[] }) {
  const classes = useStyles();
  const text = useTextStyles();
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
              <Typography variant="caption" color="textSecondary">
                on {image.cluster} · builder {image.builder.kind ?? ''}{' '}
                {image.builder.name ?? image.builder.image ?? 'unknown'}
                {image.sourceUrl ? ` · source ${image.sourceUrl}` : ''}
                {image.sourceRevision ? `@${image.sourceRevision}` : ''}
              </Typography>
            </div>
            {image.currentRunImage && (
              <Typography variant="body2" gutterBottom>
                Run image now:{' '}
                <span className={text.monoNowrap} title={image.currentRunImage}>
                  {shortImageReference(image.currentRunImage)}
                </span>
                {image.currentRunImageFrom
                  ? ` (from ${image.currentRunImageFrom})`
                  : ''}
              </Typography>
            )}
            {image.builds.length === 0 ? (
              <Typography variant="body2" color="textSecondary">
                No builds yet.
              </Typography>
            ) : (
              <Table size="small" aria-label={`Builds of ${image.name}`}>
                <ColumnHeads
                  columns={[
                    'Build',
                    'Status',
                    'Why',
                    'Commit',
                    'Image',
                    'Run image',
                    'Finished',
                  ]}
                />
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
                      <TableCell className={text.monoNowrap}>
                        {build.commit?.sha ? shortSha(build.commit.sha) : '—'}
                      </TableCell>
                      <TableCell
                        className={text.monoNowrap}
                        title={build.digest}
                      >
                        {build.digest ? shortDigest(build.digest) : '—'}
                      </TableCell>
                      <TableCell
                        className={text.monoNowrap}
                        title={build.runImage}
                      >
                        {shortImageReference(build.runImage)}
                      </TableCell>
                      <TableCell title={formatAbsolute(build.finishedAt)}>
                        {build.finishedAt
                          ? formatRelative(build.finishedAt)
                          : '—'}
                        {build.durationMs !== undefined && (
                          <CellCaption muted>
                            took {formatDuration(build.durationMs)}
                          </CellCaption>
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
