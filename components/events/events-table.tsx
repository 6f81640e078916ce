"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { DataTable } from "@/components/data-table/data-table";
import { OutcomeBadge } from "@/components/ui/outcome-badge";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import type { EventRowView } from "@/lib/queries/events";

export function EventsTable({
  rows,
  tenant,
  userId,
  tz,
  order,
  orderHref,
}: {
  rows: EventRowView[];
  tenant: string;
  userId: string;
  tz: "utc" | "local";
  order: "asc" | "desc";
  orderHref: string;
}) {
  const router = useRouter();
  const base = `/${encodeURIComponent(tenant)}`;
  const eventHref = (id: string) => `${base}/events/${encodeURIComponent(id)}`;
  const columns: ColumnDef<EventRowView, unknown>[] = [
    {
      id: "time",
      header: () => (
        <Link
          href={orderHref}
          aria-label={`Time, sorted ${order === "desc" ? "newest" : "oldest"} first; change`}
        >
          Time {order === "desc" ? "↓" : "↑"}
        </Link>
      ),
      cell: ({ row }) => (
        <Link href={eventHref(row.original.id)}>
          <Time iso={row.original.time} tz={tz} />
        </Link>
      ),
    },
    {
      id: "actor",
      header: "Actor",
      cell: ({ row }) => (
        <Link href={`${base}/actors/${encodeURIComponent(row.original.actor)}`}>
          {visible(row.original.actor)}
        </Link>
      ),
    },
    {
      id: "client",
      header: "Client / agent",
      cell: ({ row }) =>
        visible([row.original.client, row.original.agent].filter(Boolean).join(" · ")) || "–",
    },
    { id: "server", header: "Server", cell: ({ row }) => visible(row.original.server) },
    {
      id: "tool",
      header: "Tool",
      cell: ({ row }) =>
        row.original.tool ? (
          <Link href={`${base}/tools/${encodeURIComponent(row.original.tool)}`}>
            {visible(row.original.tool)}
          </Link>
        ) : (
          row.original.method
        ),
    },
    {
      id: "outcome",
      header: "Outcome",
      cell: ({ row }) => <OutcomeBadge outcome={row.original.outcome} />,
    },
    { id: "verdict", header: "Verdict", cell: ({ row }) => visible(row.original.verdict) ?? "–" },
    {
      id: "classification",
      header: "Classification",
      cell: ({ row }) => row.original.classification ?? "–",
    },
    {
      id: "duration",
      header: "Duration",
      meta: { num: true },
      cell: ({ row }) =>
        row.original.durationMs === null ? "–" : `${Math.round(row.original.durationMs)} ms`,
    },
    {
      id: "redactions",
      header: "Redactions",
      meta: { num: true },
      cell: ({ row }) => row.original.redactions || "–",
    },
  ];
  return (
    <DataTable
      columns={columns}
      data={rows}
      storageKey={`tooltrail.columns.events.${userId}`}
      onRowOpen={(r) => router.push(eventHref(r.id))}
      rowLabel={(r) => `${r.tool ?? r.method} by ${r.actor}`}
    />
  );
}
