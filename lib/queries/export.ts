import type { EventFilter, TenantStore } from "../../db/store/types";
import type { StoredEvent } from "../core/contract";
import { BadRequestError, type Params } from "./bad-request";
import type { SortState } from "./filters";

export type ExportFormat = "csv" | "ndjson";

/** `format` of an export: csv or ndjson, nothing else (a BadRequestError). */
export function parseExportFormat(p: Params): ExportFormat {
  const f = p.format;
  if (f === "csv" || f === "ndjson") return f;
  throw new BadRequestError("format must be csv or ndjson");
}

/**
 * Spreadsheet formula injection: a cell starting with = + - @ (or their full-width forms), tab or
 * carriage return is evaluated by Excel/Sheets/LibreOffice; a leading apostrophe makes it text.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  let s =
    typeof value === "string"
      ? value
      : typeof value === "number"
        ? String(value)
        : JSON.stringify(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

export const CSV_COLUMNS: [string, (e: StoredEvent) => unknown][] = [
  ["time", (e) => e.time],
  ["id", (e) => e.id],
  ["server", (e) => e.server.name],
  ["method", (e) => e.method],
  ["tool", (e) => e.tool ?? e.resource_uri ?? e.prompt_name],
  ["actor", (e) => e.actor.id],
  ["actor_type", (e) => e.actor.type],
  ["client", (e) => e.client?.name],
  ["agent", (e) => e.agent?.name ?? e.agent?.id],
  ["session_id", (e) => e.session_id],
  ["trace_id", (e) => e.trace_id],
  ["outcome", (e) => e.outcome],
  ["verdict", (e) => e.decision?.verdict],
  ["policy_id", (e) => e.decision?.policy_id],
  ["classification", (e) => e.data_classification],
  ["duration_ms", (e) => e.duration_ms],
  ["redactions", (e) => (e.redactions ?? []).reduce((n, r) => n + r.count, 0)],
  ["error_type", (e) => e.error?.type],
  ["error_message", (e) => e.error?.message],
  ["arguments", (e) => e.arguments],
  [
    "batch",
    (e) =>
      e.integrity
        ? `${e.integrity.writer_id}/${e.integrity.batch_seq}/${e.integrity.leaf_index}`
        : "",
  ],
];

export function csvRow(e: StoredEvent): string {
  return `${CSV_COLUMNS.map(([, get]) => csvCell(get(e))).join(",")}\r\n`;
}

/**
 * The event as a role without `events:payload` may see it: no arguments, labels or error
 * message (the same fields the event page hides). The CSV's columns stay, their cells empty.
 */
export function withoutPayload(e: StoredEvent): StoredEvent {
  const { arguments: _args, labels: _labels, ...rest } = e;
  if (!rest.error) return rest;
  const { message: _message, ...error } = rest.error;
  return { ...rest, error };
}

/** JSON with every non-ASCII control, bidi and line-separator character escaped: same data, terminal-safe. */
export function ndjsonLine(e: StoredEvent): string {
  return `${JSON.stringify(e).replace(/[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}\n`;
}

/**
 * How an export's stream ended: every row taken, or not. `rows` counts the rows handed to the
 * connection: all of them, or the most the client can have received before it ended.
 */
export type ExportEnd =
  | { status: "completed"; rows: number }
  | { status: "aborted" | "failed"; rows: number; reason: string };

/**
 * The whole filter, streamed page by page over the keyset cursor in the explorer's order: memory
 * stays at one page however many events match, and the client starts receiving at once.
 *
 * `onEnd` is told once how it ended. A page is read only when the consumer asks for more
 * (highWaterMark 0: nothing is read ahead, so no row counts as sent that was not asked for), and
 * "completed" is decided, and awaited before the stream closes, only when the consumer asks for
 * more after the last rows. A client that goes away is "aborted", a store that fails mid-way
 * "failed"; either way after the headers, so the client sees a cut-off download while the
 * audit trail says what happened.
 */
export function exportStream(
  store: TenantStore,
  filter: EventFilter,
  format: ExportFormat,
  sort: SortState,
  opts: {
    pageSize?: number;
    onEnd?: (end: ExportEnd) => Promise<void>;
    /** False for a role without `events:payload`: rows go out through `withoutPayload`. */
    payload?: boolean;
  } = {},
): ReadableStream<Uint8Array> {
  const line = format === "csv" ? csvRow : ndjsonLine;
  const encodeRow = opts.payload === false ? (e: StoredEvent) => line(withoutPayload(e)) : line;
  const enc = new TextEncoder();
  let cursor: string | null | undefined;
  let started = false;
  let sent = 0;
  let ended = false;
  const end = async (e: ExportEnd) => {
    if (ended) return;
    ended = true;
    await opts.onEnd?.(e);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!started && format === "csv") {
          started = true;
          // BOM: spreadsheets then read the file as UTF-8.
          controller.enqueue(enc.encode(`\uFEFF${CSV_COLUMNS.map(([h]) => h).join(",")}\r\n`));
          return;
        }
        started = true;
        if (cursor === null) {
          await end({ status: "completed", rows: sent });
          controller.close();
          return;
        }
        let page: Awaited<ReturnType<TenantStore["listEvents"]>>;
        try {
          page = await store.listEvents({
            ...filter,
            limit: opts.pageSize ?? 1000,
            sort: sort.sort,
            order: sort.dir,
            ...(cursor ? { cursor } : {}),
          });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          await end({ status: "failed", rows: sent, reason: `the store failed: ${message}` }).catch(
            () => {
              // Already failing: the stream reports the store's error, not the audit's.
            },
          );
          throw err;
        }
        // The client went away while the page was read.
        if (ended) return;
        cursor = page.nextCursor;
        sent += page.events.length;
        const text = page.events.map(encodeRow).join("");
        if (text) controller.enqueue(enc.encode(text));
      },
      async cancel() {
        await end({
          status: "aborted",
          rows: sent,
          reason: "the download was cancelled before its end (the connection closed)",
        });
      },
    },
    { highWaterMark: 0 },
  );
}
