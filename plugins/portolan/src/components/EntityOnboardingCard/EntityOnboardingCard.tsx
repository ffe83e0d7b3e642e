/*
 * Overview card: the service's onboarding checklist as the backend checked
 * it against what runs — each step met, not met (with the snippet to add,
 * where, and why) or unknown (with why) — refreshed live, so a step turns
 * green without a reload once its objects appear in a cluster. Decides no
 * state itself: it shows the backend's answer.
 */
import {
  CodeSnippet,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { makeStyles, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import type {
  OnboardingChecklist,
  OnboardingStep,
} from '@portolan/plugin-portolan-common';
import type { ReactNode } from 'react';
import { backendMessage, errorStatus } from '../../errorAnswer';
import { useOnboardingChecklist } from '../../hooks';
import { useTextStyles } from '../cells';
import { LiveStatus } from '../LiveStatus';
import { OnboardingStateLabel } from '../OnboardingStateLabel';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  step: {
    padding: theme.spacing(1, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  head: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
  },
  state: { minWidth: theme.spacing(10) },
  evidence: {
    margin: theme.spacing(0.5, 0, 0),
    paddingLeft: theme.spacing(2.5),
    color: theme.palette.text.secondary,
  },
  fix: {
    marginTop: theme.spacing(1),
    paddingLeft: theme.spacing(1.5),
    borderLeft: `3px solid ${theme.palette.divider}`,
  },
  alert: { marginBottom: theme.spacing(1) },
}));

/** `3 of 6 steps met`: the card's header line. */
function onboardingSummary(checklist: OnboardingChecklist): string {
  const { met, total } = checklist.counts;
  return `${met} of ${total} steps met`;
}

function StepFix(props: { step: OnboardingStep }) {
  const classes = useStyles();
  const text = useTextStyles();
  const { fix, title } = props.step;
  if (!fix) {
    return (
      <Typography variant="body2" className={classes.fix}>
        The backend suggests no fix for this step; the evidence above says what
        is missing.
      </Typography>
    );
  }
  return (
    <div className={classes.fix} role="group" aria-label={`Fix: ${title}`}>
      <Typography variant="body2">
        <strong>Why:</strong> {fix.why}
      </Typography>
      <Typography variant="body2" gutterBottom>
        <strong>Where:</strong> <span className={text.mono}>{fix.file}</span>
      </Typography>
      <CodeSnippet
        text={fix.snippet}
        language={fix.language}
        showCopyCodeButton
      />
    </div>
  );
}

function Step(props: { step: OnboardingStep }) {
  const classes = useStyles();
  const { step } = props;
  return (
    <li className={classes.step} data-step={step.id} data-state={step.state}>
      <div className={classes.head}>
        <span className={classes.state}>
          <OnboardingStateLabel state={step.state} />
        </span>
        <Typography variant="subtitle2" component="h3">
          {step.title}
        </Typography>
      </div>
      {step.state === 'unknown' && (
        <Typography variant="body2">
          Portolan cannot tell yet
          {step.evidence.length ? ':' : ', and the backend did not say why.'}
        </Typography>
      )}
      {step.evidence.length > 0 && (
        <ul className={classes.evidence}>
          {step.evidence.map((sentence, i) => (
            <Typography key={i} component="li" variant="body2">
              {sentence}
            </Typography>
          ))}
        </ul>
      )}
      {step.state === 'unmet' && <StepFix step={step} />}
    </li>
  );
}

function Checklist(props: { checklist: OnboardingChecklist }) {
  const classes = useStyles();
  const { checklist } = props;
  if (checklist.steps.length === 0) {
    return (
      <Typography variant="body2" role="note">
        This Portolan backend checks no onboarding steps for{' '}
        {checklist.entityRef}.
      </Typography>
    );
  }
  return (
    <ol className={classes.list} aria-label="Onboarding steps">
      {checklist.steps.map(step => (
        <Step key={step.id} step={step} />
      ))}
    </ol>
  );
}

/** The service's onboarding checklist, live, for its overview tab. */
export function EntityOnboardingCard() {
  const classes = useStyles();
  const { entity } = useEntity();
  const checklist = useOnboardingChecklist(entity);
  let body: ReactNode;
  if (checklist.loading && !checklist.value) {
    body = <Progress />;
  } else if (!checklist.value) {
    const error =
      checklist.error ?? new Error('No answer from the Portolan backend');
    body =
      errorStatus(error) === 403 ? (
        <Alert severity="info" aria-label="Onboarding hidden">
          You may not read this service’s onboarding checklist:{' '}
          {backendMessage(error)}. Its owners or your platform team can grant
          access.
        </Alert>
      ) : (
        <ResponseErrorPanel
          error={error}
          title="Could not load the onboarding checklist"
        />
      );
  } else {
    body = (
      <>
        {checklist.value.partial && (
          <Alert
            severity="warning"
            className={classes.alert}
            aria-label="Partial answer"
          >
            Partial: some cluster this service is looked up on is not synced
            yet, so unknown steps may still turn either way. The Clusters page
            says which cluster and why.
          </Alert>
        )}
        <LiveStatus
          updatedAt={checklist.updatedAt}
          refreshing={checklist.refreshing}
          error={checklist.error}
        />
        <Checklist checklist={checklist.value} />
      </>
    );
  }
  return (
    <InfoCard
      title="Onboarding"
      subheader={
        checklist.value ? onboardingSummary(checklist.value) : undefined
      }
    >
      {body}
    </InfoCard>
  );
}
