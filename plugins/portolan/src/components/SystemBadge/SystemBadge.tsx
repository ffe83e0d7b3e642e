/*
 * Which delivery system a record came from (Tekton, Jenkins X, Argo CD,
 * kpack), as an icon and its name.
 */
import { makeStyles } from '@material-ui/core';
import AccountTreeIcon from '@material-ui/icons/AccountTree';
import BuildIcon from '@material-ui/icons/Build';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import LayersIcon from '@material-ui/icons/Layers';
import SettingsEthernetIcon from '@material-ui/icons/SettingsEthernet';

const SYSTEMS: Record<string, { name: string; Icon: typeof BuildIcon }> = {
  tekton: { name: 'Tekton', Icon: AccountTreeIcon },
  'jenkins-x': { name: 'Jenkins X', Icon: BuildIcon },
  argocd: { name: 'Argo CD', Icon: CloudUploadIcon },
  kpack: { name: 'kpack', Icon: LayersIcon },
};

/** The display name of a delivery system id. */
export function systemName(system: string | undefined): string {
  return (system && SYSTEMS[system]?.name) || system || 'Unknown system';
}

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    whiteSpace: 'nowrap',
  },
  icon: { fontSize: '1.1em', color: theme.palette.text.secondary },
}));

/** A delivery system's icon and name. */
export function SystemBadge(props: { system: string | undefined }) {
  const classes = useStyles();
  const Icon =
    (props.system && SYSTEMS[props.system]?.Icon) || SettingsEthernetIcon;
  return (
    <span className={classes.root} data-system={props.system}>
      <Icon className={classes.icon} aria-hidden />
      <span>{systemName(props.system)}</span>
    </span>
  );
}
