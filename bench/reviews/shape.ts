/**
 * What the access-review benchmark's events look like, shared by the JS and the ClickHouse
 * generator: a few thousand principals, tens of servers, hundreds of tools, all skewed, each principal on a handful of
 * servers (the i-th
 * of n drawn with the cube of a uniform number: a few heavy callers and tools, a long tail), over
 * half a year so a 90-day campaign has dormant and never-seen-in-period use.
 */
export const REVIEW_SHAPE = {
  spanMs: 180 * 86_400_000,
  principals: 3000,
  servers: 30,
  toolsPerServer: 12,
  /** A principal works with a handful of servers near its own (p x 7 mod 30 and the next few). */
  serversPerPrincipal: 4,
  /** Ingest keys reporting the traffic: a principal mostly comes through one of them. */
  keys: ["k-east", "k-west", "k-batch"],
  outcomes: ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "error", "denied", "ok"],
} as const;

export const serverName = (s: number) => `srv-${s}`;
export const toolName = (s: number, v: number) => `srv-${s}_t${v}`;
export const principalName = (p: number) => `p-${p}`;
/** Every fourth principal is an agent. */
export const actorType = (p: number) => (p % 4 === 0 ? "agent" : "user");
