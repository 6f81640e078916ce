/**
 * Tooltrail's own activity: the self-audit events the dashboard and the CLI write into each
 * tenant's stream (lib/services/audit-event.ts). They stay in the same tamper-evident stream but
 * out of the MCP views by default (EventFilter.activity).
 *
 * An event is Tooltrail's own only when both its server is the dashboard's and it came through
 * the pipeline's internal entrance (ingest key `internal`, which no ingest key can have): a
 * source that names its server `tooltrail-dashboard` is still MCP traffic, as the detection
 * engine decides too (lib/detect/to-detect-event.ts). A test holds these equal to the names the
 * services and the pipeline use.
 */
export const OWN_SERVER_NAME = "tooltrail-dashboard";
export const OWN_INGEST_KEY = "internal";

/** `mcp`: MCP traffic only; `dashboard`: Tooltrail's own only; `all` (or unset): both. */
export const ACTIVITIES = ["mcp", "all", "dashboard"] as const;
export type Activity = (typeof ACTIVITIES)[number];
