import { checkCursor, isInvalidCursorError } from "../../db/store/cursor";
import type { EventSort } from "../../db/store/event-sort";
import type { EventQuery, TenantStore } from "../../db/store/types";
import type { StoredEvent } from "../core/contract";
import { BadRequestError, type Params } from "./bad-request";

/** One explorer row: metadata only. Payloads (arguments, error text, labels) stay on the server. */
export type EventRowView = {
  id: string;
  time: string;
  actor: string;
  actorType: string | null;
  client: string | null;
  agent: string | null;
  server: string;
  tool: string | null;
  method: string;
  outcome: string;
  verdict: string | null;
  classification: string | null;
  durationMs: number | null;
  redactions: number;
};

export function toRowView(e: StoredEvent): EventRowView {
  return {
    id: e.id,
    time: e.time,
    actor: e.actor.id,
    actorType: e.actor.type ?? null,
    client: e.client?.name ?? null,
    agent: e.agent?.name ?? e.agent?.id ?? null,
    server: e.server.name,
    tool: e.tool ?? e.resource_uri ?? e.prompt_name ?? null,
    method: e.method,
    outcome: e.outcome,
    verdict: e.decision?.verdict ?? null,
    classification: e.data_classification ?? null,
    durationMs: e.duration_ms ?? null,
    redactions: (e.redactions ?? []).reduce((n, r) => n + r.count, 0),
  };
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

function first(p: Params, key: string): string | undefined {
  const v = p[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === "" ? undefined : s;
}

/** `size` of an explorer page: one of PAGE_SIZES (50 when absent), a BadRequestError otherwise. */
export function parsePageSize(p: Params): PageSize {
  const raw = first(p, "size");
  if (raw === undefined) return 50;
  const size = PAGE_SIZES.find((s) => String(s) === raw);
  if (size === undefined) throw new BadRequestError(`size must be one of ${PAGE_SIZES.join(", ")}`);
  return size;
}

/**
 * `cursor` of an explorer page: absent, or well formed as the explorer writes them (a forged
 * time or value is refused here, before any query). Whether it fits the page's sort is the
 * store's to say (loadEventsPage shows that reason).
 */
export function parseCursorParam(p: Params): string | undefined {
  const raw = first(p, "cursor");
  if (raw === undefined) return undefined;
  try {
    checkCursor(raw);
  } catch (err) {
    if (isInvalidCursorError(err)) throw new BadRequestError(`cursor: ${err.message}`);
    throw err;
  }
  return raw;
}

/** The explorer's columns, in order, and the sort key each header sorts by (if any). */
export const EXPLORER_COLUMNS = [
  { id: "time", label: "Time", sort: "time" },
  { id: "actor", label: "Actor", sort: "actor" },
  { id: "client", label: "Client / agent", sort: null },
  { id: "server", label: "Server", sort: "server" },
  { id: "tool", label: "Tool", sort: "tool" },
  { id: "outcome", label: "Outcome", sort: "outcome" },
  { id: "verdict", label: "Verdict", sort: "verdict" },
  { id: "classification", label: "Classification", sort: "classification" },
  { id: "duration", label: "Duration", sort: "duration_ms" },
  { id: "redactions", label: "Redactions", sort: "redactions" },
] as const satisfies readonly { id: string; label: string; sort: EventSort | null }[];
export type ExplorerColumn = (typeof EXPLORER_COLUMNS)[number]["id"];

/**
 * One page of the explorer: keyset cursor, never an offset, never everything. A cursor that does
 * not decode (edited or truncated URL) or was made for another sort is reported with the reason,
 * not thrown.
 */
export async function loadEventsPage(
  store: TenantStore,
  q: EventQuery,
): Promise<{ rows: EventRowView[]; nextCursor: string | null; badCursor: string | null }> {
  try {
    const page = await store.listEvents(q);
    return { rows: page.events.map(toRowView), nextCursor: page.nextCursor, badCursor: null };
  } catch (err) {
    if (isInvalidCursorError(err)) return { rows: [], nextCursor: null, badCursor: err.message };
    throw err;
  }
}
