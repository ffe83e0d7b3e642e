/*
 * Overview card: the images the service runs now, whether buildpacks built
 * them and with what, and whether their run image needs a rebase.
 */
import { makeStyles, Typography } from '@material-ui/core';
import { shortDigest } from '../../format';
import { useClusterProfiles } from '../../hooks';
import { useTextStyles } from '../cells';
import { EmptyGuidance } from '../EmptyGuidance';
import { EntityViewCard } from '../EntityViewCard';
import {
  BuildpacksSummary,
  groupImages,
  RebaseVerdict,
  type ImageGroup,
} from '../ImagesTable';
import { ClusterWithProvider } from '../ProviderBadge';

const useStyles = makeStyles(theme => ({
  image: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.75),
    padding: theme.spacing(1, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  line: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    alignItems: 'center',
  },
}));

/** How many images the card shows; the Delivery tab lists all. */
const SHOWN_IMAGES = 3;

function ImageSummary(props: { group: ImageGroup }) {
  const classes = useStyles();
  const text = useTextStyles();
  const profiles = useClusterProfiles();
  const { group } = props;
  const image = group.best;
  return (
    <div className={classes.image} data-digest={group.digest}>
      <div className={classes.line}>
        <strong>{group.repository}</strong>
        <span className={text.mono} title={group.digest}>
          {shortDigest(group.digest)}
        </span>
      </div>
      <BuildpacksSummary image={image} />
      {image.buildpacks?.runImage?.image && (
        <Typography variant="caption" color="textSecondary">
          run image {image.buildpacks.runImage.image}
        </Typography>
      )}
      <RebaseVerdict rebase={image.rebase} />
      <div className={classes.line}>
        {[...new Set(group.records.map(r => r.cluster))].map(c => (
          <ClusterWithProvider key={c} name={c} profile={profiles.get(c)} />
        ))}
      </div>
    </div>
  );
}

/** Image and buildpacks summary of the entity, for its overview tab. */
export function EntityImageCard() {
  return (
    <EntityViewCard title="Images" subheader="What runs, and what built it">
      {view => {
        if (!view.images || view.images.length === 0) {
          return (
            <EmptyGuidance
              section="images"
              selection={view.selection}
              absent={view.images === undefined}
            />
          );
        }
        const groups = groupImages(view.images);
        return (
          <>
            {groups.slice(0, SHOWN_IMAGES).map(group => (
              <ImageSummary key={group.digest} group={group} />
            ))}
            {groups.length > SHOWN_IMAGES && (
              <Typography variant="caption">
                and {groups.length - SHOWN_IMAGES} more in the Delivery tab
              </Typography>
            )}
          </>
        );
      }}
    </EntityViewCard>
  );
}
