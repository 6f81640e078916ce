/**
 * Observed use for access reviews (issue 13): per principal × server × tool, from the events
 * themselves. No rollup has the actor together with the server and tool, so every backend reads
 * the raw rows once (ClickHouse with `FINAL`); the review's reconciliation compares the period's
 * total against the rollups (lib/access/population.ts).
 */
export type AccessUsageQuery = {
  /** Calls and denials are counted in [from, to); first seen and last used over all time before `to`. */
  from: Date;
  to: Date;
};

export type AccessUsageRow = {
  principal: string;
  server: string;
  tool: string;
  /** The actor type most recently recorded (user, agent, service), or null. */
  actorType: string | null;
  firstSeen: Date;
  lastUsed: Date;
  /** Calls in the period, and those of them denied (outcome `denied`). */
  calls: number;
  denials: number;
  /** Ingest keys that reported this use (a principal seen by one source only is a flag). */
  sources: string[];
};

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Code-unit order, the same on every backend whatever the database's collation. */
export function sortAccessUsage(rows: AccessUsageRow[]): AccessUsageRow[] {
  return rows.sort(
    (a, b) => cmp(a.principal, b.principal) || cmp(a.server, b.server) || cmp(a.tool, b.tool),
  );
}
