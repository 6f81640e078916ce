import { EXPLORER_COLUMNS, type ExplorerColumn } from "@/lib/queries/events";

/** The explorer's column headers, for EventsTable: computed on the server, passed as a prop. */
export const COLUMN_LABELS = Object.fromEntries(
  EXPLORER_COLUMNS.map((c) => [c.id, c.label]),
) as Readonly<Record<ExplorerColumn, string>>;
