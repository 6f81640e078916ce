import { z } from "zod";
import type { Store } from "../../db/store/types";
import { AdminError } from "../admin/context";
import { createTenant, tenantIdSchema } from "../admin/tenants";
import { createUser } from "../admin/users";
import { PASSWORD_MIN_LENGTH } from "./password";
import type { SetupTokens } from "./setup-token";

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
    await createTenant({ ctx, input: { id: input.tenantId, name: input.tenantName } });
  const user = await createUser({
    ctx,
    input: {
      tenant: input.tenantId,
      email: input.email,
      password: input.password,
      role: "owner",
    },
  });
  return { tenantId: input.tenantId, userId: user.id };
}
