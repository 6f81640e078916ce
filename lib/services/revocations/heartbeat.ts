import { z } from "zod";
import type { Revocation } from "../../../db/store/types";
import { principalMatches, revocationRuleId, toolMatches } from "../../access/revocation-match";
import type { StoredEvent } from "../../core/contract";
import { TooltrailError } from "../../core/errors";
import { parseInput } from "../parse-input";
import { type GuardCtx, guardTenant } from "./guard-ctx";
import { name } from "./revocation-common";

const id = name("revocation_id", 128);

export const heartbeatInput = z.object({
  server: name("server"),
  instance: name("instance"),
  guard_version: name("guard_version", 64),
  policy_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, "must be a sha256 in lowercase hex")
    .nullable()
    .default(null),
  /** The revocation-list version this instance enforces. */
  list_version: z.number().int().min(0),
  /** Dry runs of newly loaded revocations: Guard's decision for the principal and each tool. */
  dry_run: z
    .array(
      z.object({
        revocation_id: id,
        results: z
          .array(
            z.object({
              tool: name("tool"),
              verdict: z.enum(["allow", "deny", "escalate"]),
              rule_id: z.string().max(256).optional(),
            }),
          )
          .min(1)
          .max(200),
      }),
    )
    .max(500, "at most 500 dry runs per heartbeat")
    .default([]),
  /** Real calls Guard denied because of a revocation, offered as proof. */
  denials: z
    .array(z.object({ revocation_id: id, event_id: name("event_id", 128) }))
    .max(500, "at most 500 denials per heartbeat")
    .default([]),
});

export type HeartbeatAnswer = {
  /** The server's current list version: Guard pulls when it is ahead of what it has. */
  list_version: number;
  /** Revocations now enforced (by this heartbeat or before): Guard stops reporting their dry run. */
  confirmed: string[];
  /** Revocations whose proof is recorded: Guard stops offering denials for them. */
  proven: string[];
  /** Denials whose event is not stored yet: offer them again with the next heartbeat. */
  awaiting: string[];
};

/**
 * A Guard instance's periodic report. It records which list version the instance enforces,
 * marks a revocation `enforced` when the instance confirms a list version containing it with a
 * dry-run deny for every revoked tool, and records as proof the first real denied call of it:
 * the stored event (so the proof is the audit trail's own record, not Guard's say-so) must be a
 * denial of that principal and tool on that server by that revocation's rule, naming the campaign.
 */
export async function recordGuardHeartbeat({
  ctx,
  input,
}: {
  ctx: GuardCtx;
  input: unknown;
}): Promise<HeartbeatAnswer> {
  const i = parseInput(heartbeatInput, input);
  const tenant = guardTenant(ctx, i.server);
  const store = tenant.guardAccess;
  const current = await store.listVersion(i.server);
  if (i.list_version > current)
    throw new TooltrailError(
      "invalid-input",
      `list_version ${i.list_version} is newer than server ${i.server}'s revocation list (${current})`,
    );
  const now = ctx.now();
  await store.recordHeartbeat({
    server: i.server,
    instance: i.instance,
    guardVersion: i.guard_version,
    keyId: ctx.key.id,
    policyHash: i.policy_hash,
    listVersion: i.list_version,
    at: now,
  });
  const cache = new Map<string, Revocation | null>();
  const revocation = async (rid: string) => {
    if (!cache.has(rid)) {
      const r = await store.getRevocation(rid);
      // Another server's revocation is not this Guard's to confirm or prove.
      cache.set(rid, r && r.server === i.server ? r : null);
    }
    return cache.get(rid) ?? null;
  };

  const confirmed = new Set<string>();
  for (const d of i.dry_run) {
    const r = await revocation(d.revocation_id);
    if (!r || r.listVersion > i.list_version) continue;
    if (r.status === "enforced" || (deniesAll(r, d.results) && (await confirm(r)))) {
      confirmed.add(r.id);
    }
  }
  async function confirm(r: Revocation): Promise<boolean> {
    // A concurrent confirmation by another instance counts as well.
    return (
      (await store.confirmRevocation(r.id, i.instance, now)) ||
      (await store.getRevocation(r.id))?.status === "enforced"
    );
  }

  const proven = new Set<string>();
  const awaiting = new Set<string>();
  for (const d of i.denials) {
    const r = await revocation(d.revocation_id);
    if (!r || proven.has(r.id)) continue;
    if (r.proofEventId) {
      proven.add(r.id);
      continue;
    }
    const ev = await tenant.getEvent(d.event_id);
    if (!ev) {
      awaiting.add(r.id);
      continue;
    }
    if (!isProof(ev, r)) continue;
    if (
      (await store.recordProof(r.id, ev.id, now)) ||
      (await store.getRevocation(r.id))?.proofEventId
    )
      proven.add(r.id);
  }
  for (const p of proven) awaiting.delete(p);
  return {
    list_version: current,
    confirmed: [...confirmed],
    proven: [...proven],
    awaiting: [...awaiting],
  };
}

/** Every revoked tool (or, for "every tool", what Guard tried) was denied in the dry run. */
function deniesAll(r: Revocation, results: { tool: string; verdict: string }[]): boolean {
  if (!results.every((x) => x.verdict === "deny")) return false;
  return r.tools.every((t) => results.some((x) => x.tool === t));
}

/** A stored denial of this revocation's principal and tool on its server, naming its campaign. */
export function isProof(ev: StoredEvent, r: Revocation): boolean {
  return (
    ev.outcome === "denied" &&
    ev.decision?.verdict === "deny" &&
    ev.decision.rule_id === revocationRuleId(r.id) &&
    (ev.decision.reason ?? "").includes(r.campaignId) &&
    ev.server.name === r.server &&
    ev.method === "tools/call" &&
    ev.tool !== undefined &&
    toolMatches(r.tools, ev.tool) &&
    principalMatches(r.principal, { id: ev.actor.id, roles: ev.actor.roles })
  );
}
