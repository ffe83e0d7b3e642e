/*
 * The managed offerings and distributions side by side: vendor, serverless
 * nodes, sandboxed runtime, default CNI, mesh add-on, documentation, and
 * which of the portal's clusters are on each. Every fact links the vendor
 * page it came from; an unconfirmed fact says so.
 */
import { Link } from '@backstage/core-components';
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
  OfferingFact,
  OfferingsCatalogue,
} from '@portolan/plugin-portolan-common';
import { CellCaption, ColumnHeads, useTextStyles } from '../cells';

const useStyles = makeStyles(theme => ({
  chips: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(0.5) },
  used: { background: theme.palette.action.hover },
}));

function Fact(props: { fact: OfferingFact }) {
  const { fact } = props;
  const text = fact.value ?? 'None';
  return (
    <>
      {fact.source ? <Link to={fact.source}>{text}</Link> : <span>{text}</span>}
      {!fact.verified && <CellCaption muted>unverified</CellCaption>}
    </>
  );
}

/** The offerings catalogue as a comparison table. */
export function OfferingsMatrix(props: { catalogue: OfferingsCatalogue }) {
  const classes = useStyles();
  const text = useTextStyles();
  const offerings = [...props.catalogue.offerings].sort(
    (a, b) =>
      b.clusters.length - a.clusters.length || a.name.localeCompare(b.name),
  );
  return (
    <>
      <Typography variant="body2" color="textSecondary" gutterBottom>
        Facts checked against the vendors’ documentation on{' '}
        {props.catalogue.checkedOn}. Offerings your clusters use come first.
      </Typography>
      <Table size="small" aria-label="Offerings">
        <ColumnHeads
          columns={[
            'Offering',
            'Kind',
            'Serverless nodes',
            'Sandboxed runtime',
            'Default CNI',
            'Mesh add-on',
            'Your clusters',
          ]}
        />
        <TableBody>
          {offerings.map(o => (
            <TableRow
              key={o.id}
              data-offering={o.id}
              className={o.clusters.length ? classes.used : undefined}
            >
              <TableCell>
                <Link to={o.documentation}>{o.name}</Link>
                <CellCaption muted>{o.vendor}</CellCaption>
              </TableCell>
              <TableCell style={{ whiteSpace: 'nowrap' }}>{o.kind}</TableCell>
              <TableCell>
                <Fact fact={o.serverlessNodes} />
              </TableCell>
              <TableCell>
                <Fact fact={o.sandboxedRuntime} />
              </TableCell>
              <TableCell>
                <Fact fact={o.defaultCni} />
              </TableCell>
              <TableCell>
                <Fact fact={o.meshAddOn} />
              </TableCell>
              <TableCell>
                {o.clusters.length ? (
                  <div className={classes.chips}>
                    {o.clusters.map(c => (
                      <Chip key={c} size="small" label={c} />
                    ))}
                  </div>
                ) : (
                  <span className={text.muted}>None</span>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
