// The vocabulary shared by access reviews (campaigns) and Guard enforcement (revocations).
// The stored records are defined beside the store (db/store/guard-access-types.ts) and
// re-exported here, so the application and the store cannot drift apart.

export type {
  PolicyVersion,
  Revocation,
  RevocationStatus,
} from "../../db/store/guard-access-types";

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
  /** tools.<name>.sensitive or approval (for a glob: of any tool of the policy it covers). */
  sensitive: boolean;
  classification: Classification | null;
};
