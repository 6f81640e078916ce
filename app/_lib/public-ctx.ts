import { headers } from "next/headers";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { AccessError, assertSameOrigin } from "@/lib/auth/guard";
import { dashboardRuntime } from "@/lib/runtime/dashboard-runtime";
import { pipelineAuditSink } from "@/lib/services/audit-event";
import type { PublicCtx } from "@/lib/services/public-ctx";

/**
 * The context of a public server action (setup, invitations: nobody is signed in, a one-time
 * token is the credential): the same-origin check every mutation passes, then the store, the
 * self-audit sink and this request's address and browser for the audit event.
 */
export async function publicActionCtx(): Promise<PublicCtx> {
  const h = await headers();
  const rt = dashboardRuntime();
  assertSameOrigin((n) => h.get(n), [new URL(rt.publicUrl).origin, `http://${h.get("host")}`]);
  return {
    store: rt.store,
    audit: pipelineAuditSink(rt.recordInternal, rt.serverVersion),
    now: () => new Date(),
    request: { ip: h.get(CLIENT_IP_HEADER), userAgent: h.get("user-agent") },
  };
}

export { AccessError };
