import { requestApproval } from "./approval";
import { effectiveDecision } from "./enforcement/decide";
import { GUARD_ERRORS } from "./errors";
import type { Guard, GuardEvent } from "./guard";
import type { Identity } from "./policy/schema";
import type { GuardSession } from "./session";
import type { ToolRegistry } from "./tool-registry";

export type Refusal = { outcome: string; code: number; message: string; data?: object };

export type CallInput = {
  guard: Guard;
  tools: ToolRegistry;
  session: GuardSession;
  ev: GuardEvent;
  identity: Identity;
  server: string;
  method: string;
  id: string | number;
  params: Record<string, unknown>;
  failClosed: boolean;
  clientCanElicit: boolean;
};

/**
 * The checklist before a call reaches the server, in order: the tool exists and its definition
 * is trusted (pinning), the policy allows it (authorization), its arguments are valid, it is
 * within rate limits, its event can be recorded (fail-closed), and a person approved it when
 * the policy escalates. Each result is written into the event; the first failure is returned.
 */
export async function checkCall(c: CallInput): Promise<Refusal | null> {
  const active = c.guard.policy.current;
  const { policy } = active;
  const { ev, identity, method } = c;
  const labels = ev.labels as Record<string, string>;
  const tool = method === "tools/call" ? c.params.name : undefined;
  const toolPolicy = typeof tool === "string" ? policy.tools[tool] : undefined;
  // Rule conditions see the call's arguments; a resource read is judged by its URI.
  const args = (
    method === "resources/read" ? { uri: c.params.uri } : (c.params.arguments ?? {})
  ) as Record<string, unknown>;

  let def: ReturnType<ToolRegistry["get"]>;
  const call = {
    identity,
    server: c.server,
    method,
    tool: typeof tool === "string" ? tool : undefined,
    args,
    now: new Date(),
  };
  if (method === "tools/call") {
    if (typeof tool !== "string" || tool === "") {
      ev.validation = { valid: false, errors: ["params.name: is required"] };
      return {
        outcome: "invalid",
        code: GUARD_ERRORS.invalid,
        message: "invalid request: params.name is required",
      };
    }
    // A revocation wins over everything else, before the server is even asked for its tools.
    if (c.guard.firstPull) await c.guard.firstPull;
    const revoked = effectiveDecision(active, c.guard.revocations, call);
    if (revoked.revocation) {
      const { revocation, ...decision } = revoked;
      ev.decision = decision;
      labels["guard.revocation"] = revocation.id;
      c.guard.sync?.noteDenial(revocation.id, ev.id);
      return {
        outcome: "denied",
        code: GUARD_ERRORS.denied,
        message: `denied: ${decision.reason}`,
        data: { rule_id: decision.rule_id, revocation_id: revocation.id },
      };
    }
    await c.tools.ready();
    def = c.tools.get(tool);
    if (!def) {
      ev.validation = { valid: false, errors: [`unknown tool "${tool}"`] };
      return { outcome: "invalid", code: GUARD_ERRORS.invalid, message: `unknown tool: ${tool}` };
    }
    labels["guard.tool_hash"] = def.hash.slice(0, 16);
    if (c.tools.isChanged(tool)) {
      labels["guard.tool_pin"] = "changed";
      if (policy.pinning.on_change === "deny") {
        ev.decision = {
          verdict: "deny",
          policy_id: policy.id,
          rule_id: "tool-pinning",
          reason: "the tool's definition changed since it was pinned",
        };
        return {
          outcome: "denied",
          code: GUARD_ERRORS.denied,
          message: `denied: the definition of ${tool} changed since it was pinned (possible rug pull)`,
        };
      }
    }
  }

  const { revocation: _, ...decision } = effectiveDecision(active, c.guard.revocations, call);
  ev.decision = { ...decision };
  if (decision.verdict === "deny")
    return {
      outcome: "denied",
      code: GUARD_ERRORS.denied,
      message: `denied by policy ${decision.policy_id}, rule ${decision.rule_id}: ${decision.reason}`,
      data: { rule_id: decision.rule_id },
    };

  if (def) {
    const errors = c.guard.validator.validate(
      def.inputSchema,
      c.params.arguments,
      toolPolicy?.args,
    );
    ev.validation = { valid: errors.length === 0, errors: errors.length > 0 ? errors : undefined };
    if (errors.length > 0)
      return {
        outcome: "invalid",
        code: GUARD_ERRORS.invalid,
        message: `invalid arguments for ${tool}: ${errors.join("; ")}`,
        data: { errors },
      };
  }

  if (typeof tool === "string") {
    const r = c.guard.limiter.check([
      { key: `user:${identity.id}`, spec: policy.rate_limits.per_user },
      { key: `tool:${tool}`, spec: policy.rate_limits.per_tool },
      { key: `user-tool:${identity.id}:${tool}`, spec: toolPolicy?.rate_limit },
    ]);
    if (r.limited) {
      ev.rate_limit = { limited: true, key: r.key, limit: r.limit, window_s: r.window_s };
      return {
        outcome: "rate_limited",
        code: GUARD_ERRORS.rateLimited,
        message: `rate limited (${r.key}: ${r.limit} per ${r.window_s} s); retry after ${r.retryAfterS} s`,
        data: { retry_after_s: r.retryAfterS },
      };
    }
    ev.rate_limit = { limited: false };
  }

  if (c.failClosed && c.guard.shipper && !c.guard.shipper.canRecord())
    return {
      outcome: "error",
      code: GUARD_ERRORS.auditUnavailable,
      message: "refused: the audit trail is unavailable and this tool is fail-closed",
    };

  if (decision.verdict === "escalate") {
    const approval = await requestApproval(c.session, c.id, {
      clientSupports: c.clientCanElicit,
      tool: String(tool ?? method),
      args: ev.arguments,
      actor: identity.id,
      server: c.server,
      timeoutMs: policy.approval.timeout_s * 1000,
      queue: c.guard.approvals,
      log: c.guard.log,
      progressToken: (c.params._meta as { progressToken?: string | number } | undefined)
        ?.progressToken,
    });
    ev.approval = approval.record;
    if (approval.record.status !== "approved")
      return {
        outcome: approval.record.status === "pending" ? "pending_approval" : "denied",
        code: GUARD_ERRORS.denied,
        message: approval.message,
      };
  }
  return null;
}
