"use client";

import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type VisibilityState,
} from "@tanstack/react-table";
import Link from "next/link";
import { useState } from "react";

/** The server's order: which column, which way, and for each sortable column the link to sort by it. */
export type TableSorting = {
  column: string;
  dir: "asc" | "desc";
  /** Column id → URL of the view sorted by that column (the current one flips direction). */
  links: Record<string, string>;
};

type Meta = { num?: boolean } | undefined;

function ariaSort(sorting: TableSorting | undefined, id: string) {
  if (!sorting?.links[id]) return undefined;
  if (sorting.column !== id) return "none" as const;
  return sorting.dir === "asc" ? ("ascending" as const) : ("descending" as const);
}

/**
 * The one generic table: data arrive already filtered, sorted and paged by the server (manual
 * everything). Sorting is a link per header, so the order lives in the URL; hidden columns come
 * from the server, so the first paint already has the user's columns, and each change is handed
 * to `onHiddenChange` to be saved.
 */
export function DataTable<T>({
  columns,
  data,
  initialHidden,
  onHiddenChange,
  sorting,
  onRowOpen,
  rowLabel,
}: {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  initialHidden: readonly string[];
  onHiddenChange?: (hidden: string[]) => void;
  sorting?: TableSorting;
  onRowOpen?: (row: T) => void;
  rowLabel?: (row: T) => string;
}) {
  const [visibility, setVisibility] = useState<VisibilityState>(() =>
    Object.fromEntries(initialHidden.map((id) => [id, false])),
  );
  const table = useReactTable({
    data,
    columns,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: (u) => {
      const next = typeof u === "function" ? u(visibility) : u;
      setVisibility(next);
      onHiddenChange?.(
        Object.entries(next)
          .filter(([, shown]) => !shown)
          .map(([id]) => id),
      );
    },
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
  });
  const visibleCount = table.getVisibleLeafColumns().length;
  return (
    <div className="stack" style={{ gap: 8 }}>
      <details className="small">
        <summary style={{ cursor: "pointer", color: "var(--muted)" }}>Columns</summary>
        <div className="row" style={{ padding: "8px 0" }}>
          {table.getAllLeafColumns().map((c) => (
            <label key={c.id} className="row" style={{ gap: 4 }}>
              <input
                type="checkbox"
                data-testid={`column-toggle-${c.id}`}
                checked={c.getIsVisible()}
                // The last visible column stays: a table of no columns shows nothing to click.
                disabled={c.getIsVisible() && visibleCount === 1}
                onChange={c.getToggleVisibilityHandler()}
              />
              {typeof c.columnDef.header === "string" ? c.columnDef.header : c.id}
            </label>
          ))}
        </div>
      </details>
      <div className="table-wrap">
        <table className="data">
          <thead>
            {table.getHeaderGroups().map((hg) => (
              <tr key={hg.id}>
                {hg.headers.map((h) => {
                  const id = h.column.id;
                  const link = sorting?.links[id];
                  const sort = ariaSort(sorting, id);
                  const label = h.isPlaceholder
                    ? null
                    : flexRender(h.column.columnDef.header, h.getContext());
                  return (
                    <th
                      key={h.id}
                      aria-sort={sort}
                      data-column={id}
                      className={(h.column.columnDef.meta as Meta)?.num ? "num" : undefined}
                    >
                      {link ? (
                        <Link href={link} className="sort-link" scroll={false}>
                          {label}
                          <span aria-hidden="true">
                            {sort === "ascending" ? " ↑" : sort === "descending" ? " ↓" : ""}
                          </span>
                        </Link>
                      ) : (
                        label
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((r) => (
              <tr
                key={r.id}
                tabIndex={onRowOpen ? 0 : undefined}
                style={onRowOpen ? { cursor: "pointer" } : undefined}
                aria-label={rowLabel?.(r.original)}
                onClick={(e) => {
                  if (!onRowOpen || (e.target as HTMLElement).closest("a")) return;
                  onRowOpen(r.original);
                }}
                onKeyDown={(e) => {
                  if (onRowOpen && e.key === "Enter") onRowOpen(r.original);
                }}
              >
                {r.getVisibleCells().map((c) => (
                  <td
                    key={c.id}
                    data-column={c.column.id}
                    className={(c.column.columnDef.meta as Meta)?.num ? "num" : undefined}
                  >
                    {flexRender(c.column.columnDef.cell, c.getContext())}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
