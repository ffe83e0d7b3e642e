/*
 * Which managed offering or distribution a cluster is, as a short badge
 * (GKE, EKS, AKS …) whose tooltip lists the evidence that decided it. An
 * undecided cluster says `Unknown` and still shows what was seen.
 */
import { Chip, makeStyles, Tooltip, Typography } from '@material-ui/core';
import type {
  ClusterProfile,
  HealthState,
  ProviderDetection,
  ProviderId,
} from '@portolan/plugin-portolan-common';
import { ClusterStateLabel } from '../StatusLabel';

const SHORT_NAMES: Record<ProviderId, string> = {
  gke: 'GKE',
  'gke-autopilot': 'GKE Autopilot',
  eks: 'EKS',
  aks: 'AKS',
  doks: 'DOKS',
  oke: 'OKE',
  iks: 'IKS',
  ack: 'ACK',
  tke: 'TKE',
  openshift: 'OpenShift',
  rosa: 'ROSA',
  aro: 'ARO',
  k3s: 'k3s',
  rke2: 'RKE2',
  anthos: 'Anthos',
  tanzu: 'Tanzu',
  platform9: 'Platform9',
  'giant-swarm': 'Giant Swarm',
  kind: 'kind',
  minikube: 'minikube',
  unknown: 'Unknown',
};

/** The badge text of a provider id (`GKE`, `EKS` …). */
export function providerShortName(id: ProviderId | undefined): string {
  return id ? SHORT_NAMES[id] ?? id : 'Unknown';
}

const useStyles = makeStyles(theme => ({
  chip: { fontWeight: 600 },
  evidence: { margin: 0, paddingLeft: theme.spacing(2) },
}));

/** The evidence behind a detection, as a list (used in tooltips and detail views). */
export function ProviderEvidence(props: { provider: ProviderDetection }) {
  const classes = useStyles();
  const { provider } = props;
  return (
    <>
      <Typography variant="body2">
        {provider.name} ({provider.confidence} confidence)
      </Typography>
      {provider.evidence.length > 0 ? (
        <ul className={classes.evidence}>
          {provider.evidence.map((e, i) => (
            <li key={i}>{e.description}</li>
          ))}
        </ul>
      ) : (
        <Typography variant="caption">No decisive evidence seen.</Typography>
      )}
      {provider.candidates.length > 0 && (
        <Typography variant="caption">
          Also possible:{' '}
          {provider.candidates.map(c => providerShortName(c.id)).join(', ')}
        </Typography>
      )}
    </>
  );
}

export interface ProviderBadgeProps {
  /** The detection, or a whole profile; absent while the profile is not known. */
  provider?: ProviderDetection;
  profile?: ClusterProfile;
  size?: 'small' | 'medium';
}

/** A cluster's offering as a badge with its evidence on hover and focus. */
export function ProviderBadge(props: ProviderBadgeProps) {
  const classes = useStyles();
  const provider = props.provider ?? props.profile?.provider;
  if (!provider) {
    return (
      <Chip
        size={props.size ?? 'small'}
        variant="outlined"
        label="Provider not known yet"
        aria-label="Provider not known yet"
      />
    );
  }
  const short = providerShortName(provider.id);
  const label =
    provider.id === 'unknown'
      ? 'Provider unknown'
      : `Provider ${short}: ${provider.name}, ${provider.confidence} confidence`;
  return (
    <Tooltip title={<ProviderEvidence provider={provider} />}>
      <Chip
        className={classes.chip}
        size={props.size ?? 'small'}
        variant={provider.id === 'unknown' ? 'outlined' : 'default'}
        label={short}
        aria-label={label}
        tabIndex={0}
        data-provider={provider.id}
      />
    </Tooltip>
  );
}

const useClusterStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
}));

/** A cluster name with its provider badge. */
export function ClusterWithProvider(props: {
  name: string;
  profile?: ClusterProfile;
  /** Extra words after the name (`3 pods`). */
  detail?: string;
  /** The cluster's freshness; anything but `synced` is flagged beside the name. */
  state?: HealthState;
}) {
  const classes = useClusterStyles();
  return (
    <span className={classes.root} data-cluster={props.name}>
      <ProviderBadge profile={props.profile} />
      <span>{props.name}</span>
      {props.detail && <span>({props.detail})</span>}
      {props.state && props.state !== 'synced' && (
        <ClusterStateLabel
          state={props.state}
          compact
          detail={`${props.name} is not up to date`}
        />
      )}
    </span>
  );
}
