import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { httpStatus, isTooltrailError, publicMessage } from "../lib/core/errors";
import type { ServiceCtx } from "../lib/services/context";
import { isOperationName, runOperation } from "../lib/services/registry";

/**
 * The CLI's way in while the embedded server holds PGlite: loopback only, authenticated by the
 * token in DATA_DIR/admin.token (readable only by the data directory's owner).
 */
export const ADMIN_RPC_PATH = "/_tooltrail/admin";

const requestSchema = z.object({
  op: z.string(),
  input: z.unknown(),
  /** Who ran the CLI (OS user@host): the actor of the operation's audit event. */
  operator: z.string().min(1).max(300).optional(),
});

export type AdminCaller = { remoteAddress: string; authorization: string | undefined };

/** Loopback and the token: checked before a body is read, so strangers cost no memory. */
export function adminAuthorized(token: Buffer, caller: AdminCaller): boolean {
  const loopback = caller.remoteAddress === "::1" || /^(::ffff:)?127\./.test(caller.remoteAddress);
  const given = Buffer.from(
    /^Bearer (\S+)$/.exec(caller.authorization ?? "")?.[1] ?? "",
    "base64url",
  );
  return loopback && given.length === token.length && timingSafeEqual(given, token);
}

/**
 * Runs one operation of the registry as the operator. Failures answer `{ error, code }` with the
 * status of their code (lib/core/errors.ts), so the CLI rebuilds the same error and exit code.
 */
export async function handleAdminRpc(
  ctx: ServiceCtx,
  token: Buffer,
  req: AdminCaller & { body: string },
): Promise<{ status: number; body: unknown }> {
  if (!adminAuthorized(token, req)) return { status: 403, body: { error: "forbidden" } };
  let parsed: z.infer<typeof requestSchema>;
  try {
    parsed = requestSchema.parse(JSON.parse(req.body));
  } catch {
    return { status: 400, body: { error: "malformed admin request", code: "invalid-input" } };
  }
  if (!isOperationName(parsed.op))
    return { status: 404, body: { error: `unknown operation ${parsed.op}`, code: "not-found" } };
  const actor =
    parsed.operator && ctx.actor.kind === "operator"
      ? { kind: "operator" as const, name: parsed.operator }
      : ctx.actor;
  try {
    const result = await runOperation({ ...ctx, actor }, parsed.op, parsed.input);
    return { status: 200, body: { result } };
  } catch (err) {
    if (err instanceof z.ZodError) {
      return {
        status: 400,
        body: {
          error: err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "),
          code: "invalid-input",
        },
      };
    }
    if (!isTooltrailError(err)) console.error("admin operation failed", err);
    return {
      status: httpStatus(err),
      body: { error: publicMessage(err), code: isTooltrailError(err) ? err.code : "internal" },
    };
  }
}
