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

export async function handleAdminRpc(
  ctx: AdminCtx,
  token: Buffer,
  req: { remoteAddress: string; authorization: string | undefined; body: string },
): Promise<{ status: number; body: unknown }> {
  const loopback = req.remoteAddress === "::1" || /^(::ffff:)?127\./.test(req.remoteAddress);
  const given = Buffer.from(/^Bearer (\S+)$/.exec(req.authorization ?? "")?.[1] ?? "", "base64url");
  if (!loopback || given.length !== token.length || !timingSafeEqual(given, token)) {
    return { status: 403, body: { error: "forbidden" } };
  }
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
