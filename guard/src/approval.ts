import { dirname } from "node:path";
import type { ApprovalQueue } from "./approval-queue";
import type { GuardSession } from "./session";

export type ApprovalResult = {
  record: { status: "approved" | "rejected" | "pending"; by?: string; at?: string };
  message: string;
};

/**
 * Holds an escalated call until a person answers: through MCP elicitation when the client
 * supports it (its user accepts or declines), otherwise through the local approval queue
 * (`tooltrail guard approve <id>`) when Guard has a state directory. With neither, the call is
 * refused as pending approval rather than silently allowed.
 */
export async function requestApproval(
  session: GuardSession,
  callId: string | number,
  o: {
    clientSupports: boolean;
    tool: string;
    args: unknown;
    actor: string;
    server: string;
    timeoutMs: number;
    queue: ApprovalQueue | null;
    log: (m: string) => void;
    /** The call's progress token: while it is held, progress keeps the client from timing out. */
    progressToken?: string | number;
  },
): Promise<ApprovalResult> {
  let beats = 0;
  const heartbeat =
    o.progressToken === undefined
      ? undefined
      : setInterval(() => {
          session.notifyClient(
            "notifications/progress",
            {
              progressToken: o.progressToken,
              progress: ++beats,
              message: `waiting for approval of ${o.tool}`,
            },
            callId,
          );
        }, 5000);
  heartbeat?.unref();
  try {
    return await ask(session, callId, o);
  } finally {
    if (heartbeat) clearInterval(heartbeat);
  }
}

async function ask(
  session: GuardSession,
  callId: string | number,
  o: Parameters<typeof requestApproval>[2],
): Promise<ApprovalResult> {
  if (!o.clientSupports && o.queue) {
    const queue = o.queue;
    const d = await queue.hold(
      { server: o.server, tool: o.tool, actor: o.actor, arguments: o.args },
      o.timeoutMs,
      (id) =>
        o.log(
          `approval needed for ${o.tool} by ${o.actor}: tooltrail guard approve ${id} (or reject ${id}) --state-dir ${dirname(queue.dir)}`,
        ),
    );
    if (!d)
      return {
        record: { status: "pending" },
        message: `${o.tool} requires human approval and none arrived within ${Math.round(o.timeoutMs / 1000)} s`,
      };
    return d.status === "approved"
      ? { record: d, message: "approved" }
      : { record: d, message: `${o.tool} was not approved (rejected by ${d.by})` };
  }
  if (!o.clientSupports)
    return {
      record: { status: "pending" },
      message: `${o.tool} requires human approval, and this client cannot ask for it (no elicitation support)`,
    };
  const shown = JSON.stringify(o.args ?? {});
  const r = await session.request(
    "client",
    "elicitation/create",
    {
      message: `Tooltrail Guard: approve the call to "${o.tool}" with arguments ${shown.length > 2000 ? `${shown.slice(0, 2000)}…` : shown}?`,
      requestedSchema: {
        type: "object",
        properties: {
          approve: {
            type: "boolean",
            title: "Approve this call",
            description: `Run ${o.tool} now`,
          },
        },
        required: ["approve"],
      },
    },
    o.timeoutMs,
    callId,
  );
  const at = new Date().toISOString();
  const result = r.result as { action?: string; content?: { approve?: unknown } } | undefined;
  if (result?.action === "accept" && result.content?.approve === true)
    return { record: { status: "approved", by: o.actor, at }, message: "approved" };
  if (r.error)
    return {
      record: { status: "pending" },
      message: `${o.tool} requires human approval and none arrived (${r.error.message})`,
    };
  return {
    record: { status: "rejected", by: o.actor, at },
    message: `${o.tool} was not approved (${result?.action ?? "no answer"})`,
  };
}
