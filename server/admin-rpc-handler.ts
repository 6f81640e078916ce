import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { AdminCtx } from "./context";
import { AdminError } from "./context";
import { isOperationName, runOperation } from "./operations";

/**
 * The CLI's way in while the embedded server holds PGlite: loopback only, authenticated by the
 * token in DATA_DIR/admin.token (readable only by the data directory's owner).
 */
export const ADMIN_RPC_PATH = "/_tooltrail/admin";

const requestSchema = z.object({ op: z.string(), input: z.unknown() });

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

export async function handleAdminRpc(
  ctx: AdminCtx,
  token: Buffer,
  req: AdminCaller & { body: string },
): Promise<{ status: number; body: unknown }> {
  if (!adminAuthorized(token, req)) return { status: 403, body: { error: "forbidden" } };
  let parsed: z.infer<typeof requestSchema>;
  try {
    parsed = requestSchema.parse(JSON.parse(req.body));
  } catch {
    return { status: 400, body: { error: "malformed admin request" } };
  }
  if (!isOperationName(parsed.op))
    return { status: 404, body: { error: `unknown operation ${parsed.op}` } };
  try {
    return { status: 200, body: { result: await runOperation(ctx, parsed.op, parsed.input) } };
  } catch (err) {
    if (err instanceof z.ZodError) {
      return {
        status: 400,
        body: {
          error: err.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; "),
        },
      };
    }
    if (err instanceof AdminError) return { status: 400, body: { error: err.message } };
    return {
      status: 500,
      body: { error: "the operation failed on the server; see the server's log" },
    };
  }
}
