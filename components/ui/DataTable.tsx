import Link from "next/link";
import type { ReactNode } from "react";

export type SortState = { href: string; active: boolean; dir: "asc" | "desc" };

export type Column<Row> = {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** Header tooltip, e.g. what a measure means. */
  title?: string;
  /** Extra class of the column's cells, e.g. "truncate". */
  className?: string;
  /** Stays in view when the table scrolls sideways (the id column, the sorted column). */
  sticky?: boolean;
  /** The header is a link that sorts by this column. */
  sort?: SortState;
};

const classes = (...names: (string | false | undefined)[]) => names.filter(Boolean).join(" ") || undefined;
const ariaSort = (s?: SortState) =>
  !s ? undefined : !s.active ? "none" : s.dir === "asc" ? "ascending" : "descending";

/** The app's one data table: header, sortable header links, numeric alignment, sticky columns, horizontal scroll. */
export function DataTable<Row>({
  columns,
  rows,
  rowKey,
  label,
  className,
}: {
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  label?: string;
  className?: string;
}) {
  return (
    <div className="table-wrap">
      <table className={classes("table", className)} aria-label={label}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                title={c.title}
                aria-sort={ariaSort(c.sort)}
                className={classes(c.numeric && "num", c.sticky && "sticky-col", c.sort?.active && "sorted")}
              >
                {c.sort ? (
                  <Link href={c.sort.href}>
                    {c.header}
                    {c.sort.active ? (c.sort.dir === "asc" ? " ▲" : " ▼") : ""}
                  </Link>
                ) : (
                  c.header
                )}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((c) => (
                <td
                  key={c.key}
                  className={classes(
                    c.numeric && "num",
                    c.sticky && "sticky-col",
                    c.sort?.active && "sorted",
                    c.className,
                  )}
                >
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
