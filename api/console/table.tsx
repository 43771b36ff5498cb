// The console's one table: a header cell and a labelled body cell per column (the label is what a
// narrow screen shows beside each value, see the stylesheet's `table.responsive`).
import type { Child } from 'hono/jsx';

export interface Column<T> {
  label: string;
  /** Class of the body cells (e.g. `nowrap`). */
  class?: string;
  cell: (row: T) => Child;
}

interface TableProps<T> {
  id: string;
  columns: ReadonlyArray<Column<T>>;
  rows: readonly T[];
  /** Extra classes of the table, after `responsive`. */
  class?: string;
  /** Attributes of a row (`class`, `data-*`). */
  rowProps?: (row: T) => Record<string, string | undefined>;
}

export function Table<T>({ id, columns, rows, class: extra, rowProps }: TableProps<T>) {
  return (
    <table class={extra ? `responsive ${extra}` : 'responsive'} id={id}>
      <thead>
        <tr>
          {columns.map((col) => (
            <th scope="col">{col.label}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr {...rowProps?.(row)}>
            {columns.map((col) => (
              <Cell label={col.label} class={col.class}>
                {col.cell(row)}
              </Cell>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function Cell(props: { label: string; class?: string; children?: Child }) {
  return (
    <td data-label={props.label} class={props.class}>
      <div>{props.children}</div>
    </td>
  );
}
