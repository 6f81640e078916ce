"use server";

import { actionFailure } from "@/app/_lib/errors";
import { publicActionCtx } from "@/app/_lib/public-ctx";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";
import { setupFirstOwner } from "@/lib/services/setup/create-first-owner";

export type SetupState = { error: string | null; done: boolean };

/**
 * Public by design (nobody can sign in yet): the one-time setup token printed by `npm start` is
 * the credential. Same-origin check like every mutation (publicActionCtx).
 */
export async function setupOwnerAction(_prev: SetupState, form: FormData): Promise<SetupState> {
  try {
    const ctx = { ...(await publicActionCtx()), setup: dashboardRuntime().setup };
    const field = (name: string) => String(form.get(name) ?? "");
    const input = {
      token: field("token"),
      tenantId: field("tenantId"),
      tenantName: field("tenantName"),
      email: field("email"),
      password: field("password"),
    };
    await setupFirstOwner({ ctx, input });
    return { error: null, done: true };
  } catch (err) {
    return { error: actionFailure(err).message, done: false };
  }
}
