"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { visible } from "@/components/ui/visible";

/** One frozen entry as the campaign page shows it (strings only: the row crosses to the browser). */
export type EntryRow = {
  id: string;
  change: string;
  kind: string;
  principal: string;
  server: string;
  tool: string;
  flags: string[];
  calls: number;
  lastUsed: string | null;
  reviewer: string;
  decision: string | null;
  explorer: string | null;
};

const text = (s: string) => <code style={{ overflowWrap: "anywhere" }}>{visible(s)}</code>;

/** A campaign's entries with their flags and latest decision; event content shown as text only. */
export function EntriesTable({ rows }: { rows: EntryRow[] }) {
  const columns: ColumnDef<EntryRow, unknown>[] = [
    { id: "entry", header: "Entry", cell: ({ row }) => row.original.id },
    {
      id: "change",
      header: "Change",
      cell: ({ row }) =>
        row.original.change === "new" ? <strong>new</strong> : row.original.change,
    },
    { id: "kind", header: "Kind", cell: ({ row }) => row.original.kind },
    { id: "principal", header: "Principal", cell: ({ row }) => text(row.original.principal) },
    { id: "server", header: "Server", cell: ({ row }) => text(row.original.server) },
    { id: "tool", header: "Tool or role", cell: ({ row }) => text(row.original.tool) },
    {
      id: "flags",
      header: "Flags",
      cell: ({ row }) => (
        <span className="small" data-testid="entry-flags">
          {row.original.flags.join(", ") || "–"}
        </span>
      ),
    },
    {
      id: "calls",
      header: "Calls",
      meta: { num: true },
      cell: ({ row }) =>
        row.original.explorer ? (
          <a href={row.original.explorer}>{row.original.calls}</a>
        ) : (
          row.original.calls
        ),
    },
    {
      id: "last_used",
      header: "Last used",
      cell: ({ row }) => row.original.lastUsed?.slice(0, 16).replace("T", " ") ?? "never",
    },
    { id: "reviewer", header: "Reviewer", cell: ({ row }) => visible(row.original.reviewer) },
    {
      id: "decision",
      header: "Decision",
      cell: ({ row }) => visible(row.original.decision) ?? "–",
    },
  ];
  return <DataTable columns={columns} data={rows} initialHidden={[]} rowLabel={(r) => r.id} />;
}
