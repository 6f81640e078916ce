import type { GuardSession } from "./session";

export type ApprovalResult = {
  record: { status: "approved" | "rejected" | "pending"; by?: string; at?: string };
  message: string;
};

/**
 * Holds an escalated call until a person answers, through MCP elicitation: the client shows the
 * question to its user, who accepts or declines. A client without elicitation cannot be asked,
 * so the call is refused as pending approval rather than silently allowed.
 */
export async function requestApproval(
  session: GuardSession,
  callId: string | number,
  o: { clientSupports: boolean; tool: string; args: unknown; actor: string; timeoutMs: number },
): Promise<ApprovalResult> {
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
