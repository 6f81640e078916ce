"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { type ReactNode, useRef, useState } from "react";
import { DataTable, type TableSorting } from "@/components/data-table/data-table";
import { Breakable, hyphenable } from "@/components/ui/breakable";
import { OutcomeBadge } from "@/components/ui/outcome-badge";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
// Types only: a runtime import of a server module would bring its dependencies (zod, whose
// eval probe the Content-Security-Policy reports) into the browser.
import type { EventRowView, ExplorerColumn } from "@/lib/queries/events";
import { segment } from "./href";

/**
 * Saves the user's hidden columns (the `hidden` form field, comma-separated ids): the page passes
 * the server action (app/(dashboard)/[tenant]/events/actions.ts), so this component imports none.
 */
export type SaveColumns = (
  tenant: string,
  prev: { ok: boolean; message: string | null },
  form: FormData,
) => Promise<{ ok: boolean; message: string | null }>;

/**
 * Event rows (the explorer, and the latest calls of actor and tool pages). Hidden columns are the
 * user's saved preference, rendered by the server; a change is saved through `saveColumns`,
 * one save at a time so the last choice is the one kept.
 */
export function EventsTable({
  rows,
  tenant,
  tz,
  hidden,
  sorting,
  labels,
  saveColumns,
  flagged,
  entitySearch,
}: {
  rows: EventRowView[];
  tenant: string;
  tz: "utc" | "local";
  hidden: readonly ExplorerColumn[];
  sorting?: TableSorting;
  /** Column headers, from the server (column-labels.ts). */
  labels: Readonly<Record<ExplorerColumn, string>>;
  saveColumns: SaveColumns;
  /** Event id → anomaly flags citing it (a badge beside the time). */
  flagged?: Readonly<Record<string, number>>;
  /** Query string the actor and tool links carry (the view's activity), so they show the same. */
  entitySearch?: string;
}) {
  const router = useRouter();
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const [saveError, setSaveError] = useState<string | null>(null);
  const base = `/${encodeURIComponent(tenant)}`;
  // The event page's pivots search the range this table was read over (lib/queries/pivots.ts).
  const carried = new URLSearchParams();
  const current = useSearchParams();
  for (const k of ["range", "from", "to", "tz", "activity"]) {
    const v = current?.get(k);
    if (v) carried.set(k, v);
  }
  const eventSearch = carried.size > 0 ? `?${carried}` : "";
  const eventHref = (id: string) => `${base}/events/${segment(id)}${eventSearch}`;
  const search = entitySearch ? `?${entitySearch}` : "";
  const save = (next: string[]) => {
    const form = new FormData();
    form.set("hidden", next.join(","));
    saving.current = saving.current.then(async () => {
      try {
        const out = await saveColumns(tenant, { ok: true, message: null }, form);
        setSaveError(out.ok ? null : out.message);
      } catch {
        setSaveError("the server did not answer");
      }
    });
  };
  const columns: ColumnDef<EventRowView, unknown>[] = [
    {
      id: "time",
      header: labels.time,
      cell: ({ row }) => (
        <>
          <Link href={eventHref(row.original.id)}>
            <Time iso={row.original.time} tz={tz} />
          </Link>
          {flagged?.[row.original.id] ? (
            <span
              className="badge badge-bad"
              data-testid="event-flag-badge"
              title="Anomaly flags cite this event as evidence"
            >
              {` ⚑ ${flagged[row.original.id]}`}
            </span>
          ) : null}
        </>
      ),
    },
    {
      id: "actor",
      header: labels.actor,
      cell: ({ row }) => (
        <Clamp text={visible(row.original.actor)}>
          <Link href={`${base}/actors/${segment(row.original.actor)}${search}`}>
            <Breakable text={visible(row.original.actor)} />
          </Link>
        </Clamp>
      ),
    },
    {
      id: "client",
      header: labels.client,
      cell: ({ row }) => (
        <Clamp
          text={
            visible([row.original.client, row.original.agent].filter(Boolean).join(" · ")) || "–"
          }
        />
      ),
    },
    {
      id: "server",
      header: labels.server,
      cell: ({ row }) => <Clamp text={visible(row.original.server)} />,
    },
    {
      id: "tool",
      header: labels.tool,
      cell: ({ row }) =>
        row.original.tool ? (
          <Clamp text={visible(row.original.tool)}>
            <Link href={`${base}/tools/${segment(row.original.tool)}${search}`}>
              <Breakable text={visible(row.original.tool)} />
            </Link>
          </Clamp>
        ) : (
          <Clamp text={row.original.method} />
        ),
    },
    {
      id: "outcome",
      header: labels.outcome,
      cell: ({ row }) => <OutcomeBadge outcome={row.original.outcome} />,
    },
    {
      id: "verdict",
      header: labels.verdict,
      // An enum of the contract (as is classification): short, never wrapped or cut.
      cell: ({ row }) => visible(row.original.verdict) ?? "–",
    },
    {
      id: "classification",
      header: labels.classification,
      cell: ({ row }) => visible(row.original.classification) ?? "–",
    },
    {
      id: "duration",
      header: labels.duration,
      meta: { num: true },
      cell: ({ row }) =>
        row.original.durationMs === null ? "–" : formatDuration(row.original.durationMs),
    },
    {
      id: "redactions",
      header: labels.redactions,
      meta: { num: true },
      cell: ({ row }) => row.original.redactions || "–",
    },
  ];
  return (
    <>
      {saveError ? (
        <p className="error-box small" role="alert">
          Your column choice was not saved: {saveError}
        </p>
      ) : null}
      <div className="events-table">
        <DataTable
          columns={columns.map((c) =>
            typeof c.header === "string" ? { ...c, header: hyphenable(c.header) } : c,
          )}
          data={rows}
          initialHidden={hidden}
          onHiddenChange={save}
          {...(sorting ? { sorting } : {})}
          onRowOpen={(r) => router.push(eventHref(r.id))}
          rowLabel={(r) => `${r.tool ?? r.method} by ${r.actor}`}
        />
      </div>
    </>
  );
}

/**
 * A cell's text in at most two lines, ending in an ellipsis when longer, with the whole text as
 * its tooltip: at 1440 px every column fits beside the facets without scrolling sideways
 * (app/globals.css, `.events-table`); the row opens the full record.
 */
function Clamp({ text, children }: { text: string; children?: ReactNode }) {
  return (
    <span className="clamp" title={text}>
      {children ?? <Breakable text={text} />}
    </span>
  );
}

/** Whole milliseconds, except below 10 ms where a rounded 0 or 1 would hide the order. */
function formatDuration(ms: number): string {
  return ms < 10 ? `${ms.toFixed(ms < 1 ? 2 : 1)} ms` : `${Math.round(ms)} ms`;
}
