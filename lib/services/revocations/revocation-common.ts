import { z } from "zod";
import type { GuardAccessStore, Revocation } from "../../../db/store/types";
import { TooltrailError } from "../../core/errors";
import type { TenantCtx } from "../context";

// Names that end up in Guard's deny reasons, events and terminals: no control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A name Guard matches exactly (server, principal, tool, instance): bounded, no controls. */
export function name(what: string, max = 256) {
  return z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is longer than ${max} characters`)
    .refine((s) => !CONTROL.test(s), `${what} must not contain control characters`);
}

/** A person's free text (reasons, notes): trimmed, never empty, bounded. */
export function note(what: string, max = 2000) {
  return z
    .string()
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is longer than ${max} characters`);
}

export function guardAccess(ctx: TenantCtx): GuardAccessStore {
  return ctx.data.guardAccess;
}

/** Who is recorded as the reviewer or author: the user's id, or the operator's name. */
export function actorRef(ctx: TenantCtx): string {
  return ctx.actor.kind === "user" ? ctx.actor.userId : `operator:${ctx.actor.name}`;
}

/** The revocation, or not-found (another tenant's revocation is not found either). */
export async function requireRevocation(ctx: TenantCtx, id: string): Promise<Revocation> {
  const r = await guardAccess(ctx).getRevocation(id);
  if (!r) throw new TooltrailError("not-found", `no revocation ${id} in tenant ${ctx.tenant.id}`);
  return r;
}
