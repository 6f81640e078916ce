import { z } from "zod";
import type { Store } from "../../../db/store/types";
import { PASSWORD_MIN_LENGTH } from "../../auth/password";
import type { SetupTokens } from "../../auth/setup-token";
import { AdminError } from "../admin-error";
import { parseInput } from "../parse-input";
import type { PublicCtx } from "../public-ctx";
import { insertTenant } from "../tenants/create-tenant";
import { tenantIdSchema } from "../tenants/tenant-id";
import { grantMembership } from "../users/create-user";

export const firstOwnerInput = z.object({
  token: z.string().min(1),
  tenantId: tenantIdSchema,
  tenantName: z.string().trim().min(1, "name your organisation").max(200),
  email: z.email("must be an email address"),
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `passwords are at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(1024),
});

/**
 * First run: the one-time token creates the first organisation and its owner, then dies. Refused
 * once any user exists, whatever the token.
 */
export async function createFirstOwner(
  store: Store,
  setup: SetupTokens,
  input: z.infer<typeof firstOwnerInput>,
): Promise<{ tenantId: string; userId: string }> {
  if ((await store.admin.countUsers()) > 0) {
    setup.revoke();
    throw new AdminError("Setup is already done: sign in instead.");
  }
  if (!setup.consume(input.token))
    throw new AdminError(
      "This setup link is invalid, used or expired. Restart `npm start` for a fresh one.",
    );
  const ctx = { store };
  if (!(await store.admin.getTenant(input.tenantId)))
    await insertTenant(store, { id: input.tenantId, name: input.tenantName });
  const user = await grantMembership(ctx, {
    tenant: input.tenantId,
    email: input.email,
    password: input.password,
    role: "owner",
  });
  return { tenantId: input.tenantId, userId: user.id };
}

/**
 * The setup page's operation: the first owner, then its audit event in the new tenant's stream,
 * by the account just created. Public by design: the one-time token is the credential.
 */
export async function setupFirstOwner({
  ctx,
  input,
}: {
  ctx: PublicCtx & { setup: SetupTokens };
  input: z.input<typeof firstOwnerInput>;
}): Promise<{ tenantId: string; userId: string }> {
  const data = parseInput(firstOwnerInput, input);
  const out = await createFirstOwner(ctx.store, ctx.setup, data);
  await ctx.audit(
    out.tenantId,
    {
      kind: "user",
      userId: out.userId,
      email: data.email.toLowerCase(),
      auth: "session",
      ip: ctx.request.ip,
      userAgent: ctx.request.userAgent,
    },
    { action: "setup.owner_created", details: { tenant: out.tenantId, role: "owner" } },
  );
  return out;
}
