// The vocabulary shared by access reviews (campaigns) and Guard enforcement (revocations).
// Helper contract: docs of the fields live next to them; both sides import from here.

export type Classification = "public" | "internal" | "confidential" | "restricted";

/** One thing a Guard policy allows: who may call which tool on which server, from which rule. */
export type PolicyGrant = {
  /** The policy's server name. */
  server: string;
  /** A tool name or a glob (`*` = any run of characters). */
  tool: string;
  /** `id` is "" for any. */
  principal: { kind: "actor" | "role" | "any"; id: string };
  ruleId: string;
  /** tools.<name>.sensitive or approval. */
  sensitive: boolean;
  classification: Classification | null;
};

export type PolicyVersion = {
  id: string;
  server: string;
  instance: string;
  guardVersion: string;
  /** sha256 hex of the canonical document. */
  hash: string;
  /** The parsed policy. */
  document: unknown;
  effectiveFrom: Date;
  /** null = in force now. */
  effectiveTo: Date | null;
};

export type RevocationStatus = "pending" | "enforced" | "exception";

export type Revocation = {
  id: string;
  principal: string;
  server: string;
  /** [] = every tool. */
  tools: string[];
  campaignId: string;
  campaignName: string;
  entryId: string;
  reviewerUserId: string;
  reason: string;
  createdAt: Date;
  /** The server's revocation-list version that first contains this revocation. */
  listVersion: number;
  status: RevocationStatus;
  confirmedAt: Date | null;
  /** The Guard instance that confirmed it. */
  confirmedBy: string | null;
  proofEventId: string | null;
  exceptionNote: string | null;
};
