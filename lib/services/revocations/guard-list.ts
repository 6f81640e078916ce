import { z } from "zod";
import { parseInput } from "../parse-input";
import { type GuardCtx, guardTenant } from "./guard-ctx";
import { name } from "./revocation-common";

export const guardListInput = z.object({ server: name("server") });

/** One revocation as Guard enforces it (nothing of the review Guard does not need). */
export type GuardRevocation = {
  id: string;
  principal: string;
  tools: string[];
  campaign_id: string;
  campaign_name: string;
  reason: string;
  created_at: string;
  list_version: number;
};

export type GuardRevocationList = {
  server: string;
  version: number;
  revocations: GuardRevocation[];
};

/**
 * The revocations Guard enforces for its server, with the list's version. Every revocation ever
 * issued for the server stays on it (an exception records that a revoke was not enforced, it
 * does not lift it) until a later keep of its entry withdraws it (a new version without it). The version alone identifies the content: the HTTP layer's ETag.
 */
export async function guardRevocationList({
  ctx,
  input,
}: {
  ctx: GuardCtx;
  input: unknown;
}): Promise<GuardRevocationList> {
  const { server } = parseInput(guardListInput, input);
  const store = guardTenant(ctx, server).guardAccess;
  // The version first, then only what it contains: a revocation issued in between waits for
  // the next pull, so one version always names the same content (the ETag relies on it).
  const version = await store.listVersion(server);
  const all = await store.listRevocations({ server });
  return {
    server,
    version,
    revocations: all
      .filter((r) => r.listVersion <= version && r.status !== "withdrawn")
      .map((r) => ({
        id: r.id,
        principal: r.principal,
        tools: r.tools,
        campaign_id: r.campaignId,
        campaign_name: r.campaignName,
        reason: r.reason,
        created_at: r.createdAt.toISOString(),
        list_version: r.listVersion,
      })),
  };
}

/** Just the version, for a conditional request answered 304 without reading the list. */
export async function guardListVersion({ ctx, input }: { ctx: GuardCtx; input: unknown }) {
  const { server } = parseInput(guardListInput, input);
  return guardTenant(ctx, server).guardAccess.listVersion(server);
}
