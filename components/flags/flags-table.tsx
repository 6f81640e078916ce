"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { DataTable, type TableSorting } from "@/components/data-table/data-table";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import { SeverityBadge, StatusBadge } from "./badges";

/** One flag as the list shows it (dates as ISO strings: the row crosses to the browser). */
export type FlagRow = {
  id: string;
  href: string;
  severity: string;
  rule: string;
  ruleTitle: string;
  subject: string;
  sentence: string;
  status: string;
  assignee: string | null;
  firstSeen: string;
  lastSeen: string;
  active: boolean;
};

/** The Flags list: filtered, sorted and paged by the server; a row opens its flag. */
export function FlagsTable({
  rows,
  sorting,
  tz,
}: {
  rows: FlagRow[];
  sorting: TableSorting;
  tz: "utc" | "local";
}) {
  const router = useRouter();
  const columns: ColumnDef<FlagRow, unknown>[] = [
    {
      id: "severity",
      header: "Severity",
      cell: ({ row }) => <SeverityBadge severity={row.original.severity} />,
    },
    { id: "rule", header: "Rule", cell: ({ row }) => row.original.ruleTitle },
    {
      id: "subject",
      header: "Subject",
      cell: ({ row }) => (
        <code style={{ overflowWrap: "anywhere" }}>{visible(row.original.subject)}</code>
      ),
    },
    {
      id: "sentence",
      header: "What was seen",
      cell: ({ row }) => (
        <Link href={row.original.href} data-testid="flag-link">
          {visible(row.original.sentence)}
        </Link>
      ),
    },
    {
      id: "status",
      header: "Status",
      cell: ({ row }) => (
        <span className="row nowrap" style={{ gap: 4 }}>
          <StatusBadge status={row.original.status} />
          {row.original.active ? <span className="small muted">ongoing</span> : null}
        </span>
      ),
    },
    {
      id: "assignee",
      header: "Assignee",
      cell: ({ row }) => visible(row.original.assignee) ?? "–",
    },
    {
      id: "first_seen",
      header: "First seen",
      cell: ({ row }) => <Time iso={row.original.firstSeen} tz={tz} />,
    },
    {
      id: "last_seen",
      header: "Last seen",
      cell: ({ row }) => <Time iso={row.original.lastSeen} tz={tz} />,
    },
  ];
  return (
    <DataTable
      columns={columns}
      data={rows}
      initialHidden={[]}
      sorting={sorting}
      onRowOpen={(r) => router.push(r.href)}
      rowLabel={(r) => `${r.severity} ${r.ruleTitle}: ${r.subject}`}
    />
  );
}
