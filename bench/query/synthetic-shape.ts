/**
 * What the query benchmark's events look like, shared by the ClickHouse and the JS generator.
 * Actors and tools are skewed (the i-th of n is drawn with the cube of a uniform number), as real
 * traffic is: a few heavy users and tools, a long tail.
 */
export const SHAPE = {
  spanMs: 30 * 86_400_000,
  servers: ["github", "filesystem", "postgres", "slack", "jira", "stripe"],
  verbs: ["read", "list", "search", "create", "update", "delete"],
  actors: 500,
  agents: 12,
  clients: ["Cursor", "Claude Desktop", "VS Code", "Windsurf"],
  outcomes: ["ok", "ok", "ok", "ok", "ok", "ok", "error", "denied", "rate_limited", "invalid"],
  classifications: ["internal", "internal", "confidential", "public", "restricted"],
} as const;
