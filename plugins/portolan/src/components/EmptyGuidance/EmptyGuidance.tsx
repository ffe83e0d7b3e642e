/*
 * What to do when a section is empty: the exact label or annotation that
 * would make data appear, built from how the backend read this entity. A
 * section the backend does not provide at all says so instead.
 */
import { makeStyles, Typography } from '@material-ui/core';
import type { EntitySelectionSummary } from '@portolan/plugin-portolan-common';

/** The sections that can be empty. */
export type DeliverySection =
  | 'timeline'
  | 'pipelineRuns'
  | 'deployments'
  | 'images'
  | 'workloads';

const useStyles = makeStyles(theme => ({
  root: {
    padding: theme.spacing(2),
    border: `1px dashed ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
  },
  code: {
    fontFamily: 'monospace',
    background: theme.palette.background.default,
    padding: '0 4px',
  },
}));

function Code(props: { children: string }) {
  const classes = useStyles();
  return <code className={classes.code}>{props.children}</code>;
}

/** The guidance sentence(s) for an empty section. */
function Guidance(props: {
  section: DeliverySection;
  selection?: EntitySelectionSummary;
}) {
  const selector =
    props.selection?.labelSelector ?? 'backstage.io/kubernetes-id=<id>';
  const namespace = props.selection?.namespace;
  switch (props.section) {
    case 'pipelineRuns':
      return (
        <>
          No Tekton or Jenkins X runs match: label your PipelineRuns{' '}
          <Code>{selector}</Code> or add the{' '}
          <Code>github.com/project-slug</Code> annotation so runs are matched by
          repository.
        </>
      );
    case 'timeline':
      return (
        <>
          No commits to show: the timeline starts from pipeline runs that record
          a commit SHA (Tekton param <Code>git-revision</Code>,
          Pipelines-as-Code, or Jenkins X), or kpack Builds of a git source.
          Label your PipelineRuns <Code>{selector}</Code> or add the{' '}
          <Code>github.com/project-slug</Code> annotation.
        </>
      );
    case 'deployments':
      return (
        <>
          No Argo CD applications match: add the <Code>argocd/app-name</Code> or{' '}
          <Code>argocd/app-selector</Code> annotation, or point the
          application’s <Code>repoURL</Code> at the repository of{' '}
          <Code>github.com/project-slug</Code>.
        </>
      );
    case 'images':
      return (
        <>
          No images: images are read from the workloads that run this service.
          Label your workloads <Code>{selector}</Code>.
        </>
      );
    case 'workloads':
    default:
      return (
        <>
          No workloads match <Code>{selector}</Code>
          {namespace ? (
            <>
              {' '}
              in namespace <Code>{namespace}</Code>
            </>
          ) : null}
          : label your Deployments (and their pod templates){' '}
          <Code>{selector}</Code>, or set the{' '}
          <Code>backstage.io/kubernetes-label-selector</Code> annotation.
        </>
      );
  }
}

const ABSENT: Record<DeliverySection, string> = {
  timeline:
    'This Portolan backend does not link commits yet (no timeline in its answer).',
  pipelineRuns:
    'No pipeline source (Tekton, Jenkins X) is registered in this Portolan backend.',
  deployments:
    'No deployment source (Argo CD) is registered in this Portolan backend.',
  images:
    'This Portolan backend does not read images yet (no images in its answer).',
  workloads: 'No workloads source is registered in this Portolan backend.',
};

/** An empty section with guidance, or a note that the backend lacks it. */
export function EmptyGuidance(props: {
  section: DeliverySection;
  selection?: EntitySelectionSummary;
  /** True when the backend's answer has no such section at all. */
  absent?: boolean;
}) {
  const classes = useStyles();
  return (
    <div className={classes.root} role="note">
      <Typography variant="body2">
        {props.absent ? (
          ABSENT[props.section]
        ) : (
          <Guidance section={props.section} selection={props.selection} />
        )}
      </Typography>
    </div>
  );
}
