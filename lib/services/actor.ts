import { TooltrailError } from "../core/errors";
import type { Actor, ServiceCtx } from "./context";

export type UserActor = Extract<Actor, { kind: "user" }>;

/**
 * The signed-in user behind an operation that belongs to an account (an invitation's author, a
 * personal preference): the operator at the machine has none.
 */
export function requireUser(ctx: Pick<ServiceCtx, "actor">): UserActor {
  if (ctx.actor.kind !== "user")
    throw new TooltrailError("forbidden", "this operation needs a signed-in dashboard user");
  return ctx.actor;
}

/** The operator's name as the machine knows them: OS user@host. */
export function operatorName(user: string, host: string): string {
  return `${user}@${host}`;
}
