import { z } from "zod";
import { TooltrailError } from "../../core/errors";
import { audit, operatorTenantCtx, type ServiceCtx } from "../context";
import { createKey } from "../keys/create-key";
import { parseInput } from "../parse-input";
import { tenantIdSchema } from "../tenants/tenant-id";

/** The organisation `tooltrail demo` writes into unless `--tenant` names another. */
export const DEMO_TENANT = "demo";

export const prepareDemoInput = z.object({
  tenant: tenantIdSchema,
  /** An existing account to make owner of the demo organisation. */
  owner: z.email("must be an email address").optional(),
  /** The demo key whose token the CLI kept from an earlier run: reused while it is active. */
  keyId: z.string().min(1).max(100).optional(),
});

/** The demo's key: generous limits, the demo sends days of traffic at once. */
const DEMO_KEY = { name: "demo", ratePerSecond: 1_000_000, burst: 1_000_000 };

/**
 * Gets a tenant ready for `tooltrail demo`: creates it when missing, makes `owner` its owner
 * (the demo organisation only: accounts are global, memberships of other organisations are never
 * touched), and reuses the demo key the CLI kept, or creates one and returns its token once.
 * Everything that can be refused is checked before anything is created. Operator only.
 */
export async function prepareDemo({
  ctx,
  input,
}: {
  ctx: ServiceCtx;
  input: z.input<typeof prepareDemoInput>;
}) {
  if (ctx.actor.kind !== "operator")
    throw new TooltrailError("forbidden", "only the operator (the CLI) prepares the demo");
  const data = parseInput(prepareDemoInput, input);
  if (data.owner && data.tenant !== DEMO_TENANT)
    throw new TooltrailError(
      "invalid-input",
      `--owner makes an account owner of the ${DEMO_TENANT} organisation only, not of ${data.tenant}; give roles in other organisations with: tooltrail users create`,
    );
  const owner = data.owner ? await ctx.store.admin.findUserByEmail(data.owner) : null;
  if (data.owner && !owner)
    throw new TooltrailError(
      "not-found",
      `no account has the email ${data.owner}; sign up in the dashboard or create it with: tooltrail users create --tenant <your organisation> --email ${data.owner} --role owner --password-stdin, then run the demo again (nothing was created)`,
    );

  const existed = (await ctx.store.admin.getTenant(data.tenant)) !== null;
  if (!existed)
    await ctx.store.admin.createTenant({
      id: data.tenant,
      name: data.tenant === DEMO_TENANT ? "Demo" : `${data.tenant} (demo)`,
    });
  const tctx = await operatorTenantCtx(ctx, data.tenant);

  let ownerAdded = false;
  if (owner) {
    const memberships = await ctx.store.admin.membershipsOf(owner.id);
    const current = memberships.find((m) => m.tenantId === data.tenant);
    if (current?.role !== "owner") {
      await ctx.store.admin.addMembership({
        userId: owner.id,
        tenantId: data.tenant,
        role: "owner",
      });
      await audit(tctx, {
        action: "member.added",
        details: {
          user_id: owner.id,
          email: owner.email,
          role: "owner",
          previous_role: current?.role ?? null,
          via: "demo",
        },
      });
      ownerAdded = true;
    }
  }

  const keys = await ctx.store.admin.listIngestKeys(data.tenant);
  const kept = keys.find((k) => k.id === data.keyId && k.revokedAt === null);
  const key = kept
    ? { id: kept.id, token: null, reused: true }
    : { ...(await createKey({ ctx: tctx, input: DEMO_KEY })), reused: false };
  return {
    tenant: data.tenant,
    created: !existed,
    owner: owner ? { email: owner.email, added: ownerAdded } : null,
    key: { id: key.id, token: key.token, reused: key.reused },
  };
}
