/*
 * The images the entity's workloads run, by digest (one row even when the
 * digest runs on several clusters): whether buildpacks built them (which
 * buildpacks, which versions, which process types), the commit and build
 * behind them, their run image and whether it needs a rebase, and where
 * they run. A registry that could not be read is named, not hidden.
 */
import {
  Chip,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableRow,
  Typography,
} from '@material-ui/core';
import type {
  ClusterProfile,
  EntitySelectionSummary,
  RebaseState,
  RegistryLookup,
  RunningImage,
} from '@portolan/plugin-portolan-common';
import { commitUrl, shortDigest, shortImageReference } from '../../format';
import { CellCaption, ColumnHeads, CommitSha, useTextStyles } from '../cells';
import { EmptyGuidance } from '../EmptyGuidance';
import { ClusterWithProvider } from '../ProviderBadge';
import { RebaseLabel } from '../StatusLabel';
import { systemName } from '../SystemBadge';

const useStyles = makeStyles(theme => ({
  table: { '& th': { whiteSpace: 'nowrap' } },
  imageCell: { minWidth: 220, overflowWrap: 'anywhere' },
  sourceCell: { minWidth: 140 },
  buildpacks: {
    margin: 0,
    paddingLeft: theme.spacing(2),
    fontSize: '0.8rem',
    fontFamily: 'monospace',
  },
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  stack: { display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) },
}));

/** One digest and every record of it (one per cluster and platform). */
export interface ImageGroup {
  digest: string;
  repository: string;
  tags: string[];
  records: RunningImage[];
  /** The record with the most facts: buildpacks known, a rebase verdict. */
  best: RunningImage;
}

function factScore(image: RunningImage): number {
  return (
    (image.buildpacks ? 2 : 0) +
    (image.rebase.state !== 'unknown' ? 1 : 0) +
    (image.build ? 1 : 0)
  );
}

/** Groups an entity's image records by digest, keeping first-seen order. */
export function groupImages(images: RunningImage[]): ImageGroup[] {
  const groups = new Map<string, ImageGroup>();
  for (const image of images) {
    const group = groups.get(image.digest);
    if (!group) {
      groups.set(image.digest, {
        digest: image.digest,
        repository: image.repository,
        tags: [...image.tags],
        records: [image],
        best: image,
      });
      continue;
    }
    group.records.push(image);
    group.tags = [...new Set([...group.tags, ...image.tags])];
    if (factScore(image) > factScore(group.best)) group.best = image;
  }
  return [...groups.values()];
}

const REGISTRY_TEXT: Record<RegistryLookup['state'], string | undefined> = {
  fetched: undefined,
  'not-checked': 'Registry not read yet',
  'not-configured': 'No registry configured: facts come from kpack only',
  'not-allowed': 'Registry not on the allow-list: not contacted',
  'not-found': 'Not found in its registry',
  unauthorized: 'The registry refused the credentials',
  timeout: 'The registry did not answer in time',
  unreachable: 'The registry could not be reached',
  'platform-not-found': 'No manifest for the nodes’ platform',
  'invalid-response': 'The registry answered something that is not an image',
  error: 'The registry failed',
};

/** Why the registry did not give facts, or nothing when it did. */
export function registryProblem(lookup: RegistryLookup): string | undefined {
  const text = REGISTRY_TEXT[lookup.state];
  if (!text) return undefined;
  return lookup.message ? `${text}: ${lookup.message}` : text;
}

/** A rebase verdict with its reason; nothing for images buildpacks did not build. */
export function RebaseVerdict(props: { rebase: RebaseState }) {
  const { rebase } = props;
  if (rebase.state === 'unknown' && rebase.cause === 'not-buildpacks') {
    return null;
  }
  return <RebaseLabel state={rebase.state} detail={rebase.reason} />;
}

/** Buildpacks (or why not) of one image. */
export function BuildpacksSummary(props: { image: RunningImage }) {
  const classes = useStyles();
  const text = useTextStyles();
  const facts = props.image.buildpacks;
  if (!facts) {
    return (
      <span className={text.muted}>
        Unknown: {registryProblem(props.image.registry) ?? 'no facts read'}
      </span>
    );
  }
  if (!facts.detected) {
    return <span>Not built by buildpacks (Dockerfile or another builder)</span>;
  }
  return (
    <div className={classes.stack}>
      <div className={classes.chips}>
        <Chip
          size="small"
          color="primary"
          label="Buildpacks"
          aria-label="Built with Cloud Native Buildpacks"
        />
      </div>
      <ul className={classes.buildpacks} aria-label="Buildpacks">
        {facts.buildpacks.map(bp => (
          <li key={bp.id}>{bp.version ? `${bp.id}@${bp.version}` : bp.id}</li>
        ))}
      </ul>
      <Typography variant="caption" color="textSecondary">
        {[
          facts.builder?.image ?? facts.builder?.name
            ? `builder ${shortImageReference(
                facts.builder?.image ?? facts.builder?.name,
              )}`
            : undefined,
          facts.lifecycleVersion
            ? `lifecycle ${facts.lifecycleVersion}`
            : undefined,
          `read from ${facts.source === 'kpack' ? 'kpack' : 'image labels'}`,
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography>
    </div>
  );
}

function Source(props: { image: RunningImage }) {
  const classes = useStyles();
  const text = useTextStyles();
  const { image } = props;
  const sha = image.buildpacks?.project?.commit ?? image.build?.commit;
  const repo = image.buildpacks?.project?.repository;
  const url = commitUrl(repo, sha);
  return (
    <div className={classes.stack}>
      {sha ? (
        <CommitSha sha={sha} url={url} />
      ) : (
        <span className={text.muted}>Unknown commit</span>
      )}
      {image.build && (
        <Typography variant="caption" color="textSecondary">
          {systemName(image.build.system)} {image.build.name}
          {image.build.reasons?.length
            ? ` (${image.build.reasons.join(', ')})`
            : ''}
        </Typography>
      )}
    </div>
  );
}

export interface ImagesTableProps {
  /** Absent when the backend does not read images. */
  images?: RunningImage[];
  profiles: Map<string, ClusterProfile>;
  selection?: EntitySelectionSummary;
}

/** The entity's images. */
export function ImagesTable(props: ImagesTableProps) {
  const classes = useStyles();
  const text = useTextStyles();
  if (!props.images || props.images.length === 0) {
    return (
      <EmptyGuidance
        section="images"
        selection={props.selection}
        absent={props.images === undefined}
      />
    );
  }
  return (
    <Table size="small" aria-label="Images" className={classes.table}>
      <ColumnHeads
        columns={[
          'Image',
          'Built with',
          'Processes',
          'Source',
          'Run image',
          'Runs on',
        ]}
      />
      <TableBody>
        {groupImages(props.images).map(group => {
          const image = group.best;
          const processes = image.buildpacks?.processes ?? [];
          const problem = registryProblem(image.registry);
          const warnings = [...new Set(group.records.flatMap(r => r.warnings))];
          return (
            <TableRow key={group.digest} data-digest={group.digest}>
              <TableCell className={classes.imageCell}>
                <div className={classes.stack}>
                  <span>{group.repository}</span>
                  <span className={text.monoNowrap} title={group.digest}>
                    {shortDigest(group.digest)}
                  </span>
                  {group.tags.length > 0 && (
                    <Typography variant="caption" color="textSecondary">
                      tags {group.tags.join(', ')}
                    </Typography>
                  )}
                  {problem && image.buildpacks && (
                    <Typography
                      variant="caption"
                      color="textSecondary"
                      title={problem}
                    >
                      Registry not read ({image.registry.state})
                    </Typography>
                  )}
                  {warnings.map(w => (
                    <Typography key={w} variant="caption" color="error">
                      {w}
                    </Typography>
                  ))}
                </div>
              </TableCell>
              <TableCell>
                <BuildpacksSummary image={image} />
              </TableCell>
              <TableCell>
                {processes.length === 0
                  ? '—'
                  : processes.map(p => (
                      <Typography key={p.type} variant="body2">
                        <strong>{p.type}</strong>
                        {p.default ? ' (default)' : ''}:{' '}
                        <span className={text.monoNowrap}>
                          {[...p.command, ...p.args].join(' ')}
                        </span>
                      </Typography>
                    ))}
              </TableCell>
              <TableCell className={classes.sourceCell}>
                <Source image={image} />
              </TableCell>
              <TableCell>
                <div className={classes.stack}>
                  {image.buildpacks?.runImage?.image ? (
                    <span className={text.monoNowrap}>
                      {image.buildpacks.runImage.image}
                    </span>
                  ) : null}
                  <RebaseVerdict rebase={image.rebase} />
                </div>
              </TableCell>
              <TableCell>
                <div className={classes.stack}>
                  {group.records.map(r => (
                    <div key={`${r.cluster}/${r.platform?.architecture ?? ''}`}>
                      <ClusterWithProvider
                        name={r.cluster}
                        profile={props.profiles.get(r.cluster)}
                        detail={r.platform?.architecture}
                      />
                      {r.workloads.map(w => (
                        <CellCaption
                          key={`${w.namespace}/${w.kind}/${w.name}`}
                          muted
                        >
                          {w.kind}/{w.name} · {w.pods}{' '}
                          {w.pods === 1 ? 'pod' : 'pods'}
                        </CellCaption>
                      ))}
                    </div>
                  ))}
                </div>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
