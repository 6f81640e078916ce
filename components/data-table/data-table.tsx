"use client";

import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type VisibilityState,
} from "@tanstack/react-table";
import { useEffect, useState } from "react";

/**
 * The one generic table: data arrive already filtered, sorted and paged by the server (manual
 * everything); the table renders, and remembers which columns each user wants to see.
 */
export function DataTable<T>({
  columns,
  data,
  storageKey,
  onRowOpen,
  rowLabel,
}: {
  columns: ColumnDef<T, unknown>[];
  data: T[];
  /** Where column visibility is saved (per user, in this browser). */
  storageKey: string;
  onRowOpen?: (row: T) => void;
  rowLabel?: (row: T) => string;
}) {
  const [visibility, setVisibility] = useState<VisibilityState>({});
  useEffect(() => {
    try {
      const saved = window.localStorage.getItem(storageKey);
      if (saved) setVisibility(JSON.parse(saved) as VisibilityState);
    } catch {
      // unreadable preference: keep defaults
    }
  }, [storageKey]);
  const table = useReactTable({
    data,
    columns,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: (u) => {
      setVisibility((prev) => {
        const next = typeof u === "function" ? u(prev) : u;
        window.localStorage.setItem(storageKey, JSON.stringify(next));
        return next;
      });
    },
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
  });
  return (
    <div className="stack" style={{ gap: 8 }}>
      <details className="small">
        <summary style={{ cursor: "pointer", color: "var(--muted)" }}>Columns</summary>
        <div className="row" style={{ padding: "8px 0" }}>
          {table.getAllLeafColumns().map((c) => (
            <label key={c.id} className="row" style={{ gap: 4 }}>
              <input
                type="checkbox"
                checked={c.getIsVisible()}
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
                {hg.headers.map((h) => (
                  <th
                    key={h.id}
                    className={
                      (h.column.columnDef.meta as { num?: boolean } | undefined)?.num
                        ? "num"
                        : undefined
                    }
                  >
                    {h.isPlaceholder ? null : flexRender(h.column.columnDef.header, h.getContext())}
                  </th>
                ))}
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
                    className={
                      (c.column.columnDef.meta as { num?: boolean } | undefined)?.num
                        ? "num"
                        : undefined
                    }
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
