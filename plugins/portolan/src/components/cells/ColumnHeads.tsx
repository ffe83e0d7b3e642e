import { TableCell, TableHead, TableRow } from '@material-ui/core';

/** A table's head: one header cell per column name, in order. */
export function ColumnHeads(props: { columns: string[] }) {
  return (
    <TableHead>
      <TableRow>
        {props.columns.map(column => (
          <TableCell key={column}>{column}</TableCell>
        ))}
      </TableRow>
    </TableHead>
  );
}
