import type { ReactNode } from "react";
import { OutcomeBadge } from "@/components/ui/outcome-badge";
import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import type { StoredEvent } from "@/lib/core/contract";

type Row = [string, ReactNode];

function rows(list: (Row | null | false | undefined)[]): Row[] {
  return list.filter(
    (r): r is Row => Array.isArray(r) && r[1] !== undefined && r[1] !== null && r[1] !== "",
  );
}

export function Fields({ items }: { items: (Row | null | false | undefined)[] }) {
  const r = rows(items);
  if (r.length === 0) return <p className="muted small">Not recorded.</p>;
  return (
    <dl className="fields">
      {r.map(([k, v]) => (
        <div key={k} style={{ display: "contents" }}>
          <dt>{k}</dt>
          <dd>{typeof v === "string" ? visible(v) : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Identity and request fields: all rendered as text nodes, whatever they contain. */
export function EventIdentity({ e, tz }: { e: StoredEvent; tz: "utc" | "local" }) {
  return (
    <Fields
      items={[
        ["Event id", <code key="id">{visible(e.id)}</code>],
        ["Time", <Time key="t" iso={e.time} tz={tz} />],
        ["Received", <Time key="r" iso={e.received_at} tz={tz} />],
        ["Outcome", <OutcomeBadge key="o" outcome={e.outcome} />],
        [
          "Server",
          [e.server.name, e.server.version, e.server.instance].filter(Boolean).join(" · "),
        ],
        ["Method", e.method],
        ["Tool", e.tool],
        ["Resource", e.resource_uri],
        ["Prompt", e.prompt_name],
        ["Actor", `${e.actor.id}${e.actor.type ? ` (${e.actor.type})` : ""}`],
        ["Actor name", e.actor.name],
        ["Actor email", e.actor.email],
        ["Actor roles", e.actor.roles?.join(", ")],
        ["Authenticated by", e.actor.auth],
        ["Client address", e.actor.ip],
        ["User agent", e.actor.user_agent],
        [
          "Client",
          e.client ? [e.client.name, e.client.version].filter(Boolean).join(" ") : undefined,
        ],
        [
          "Agent",
          e.agent
            ? [e.agent.name ?? e.agent.id, e.agent.model].filter(Boolean).join(" · ")
            : undefined,
        ],
        ["Session", e.session_id],
        ["Conversation", e.conversation_id],
        [
          "Trace / span",
          e.trace_id ? `${e.trace_id}${e.span_id ? ` / ${e.span_id}` : ""}` : undefined,
        ],
        ["Request id", e.request_id],
        ["Duration", e.duration_ms === undefined ? undefined : `${e.duration_ms} ms`],
        ["Result size", e.result_bytes === undefined ? undefined : `${e.result_bytes} bytes`],
        ["Classification", e.data_classification],
        ["Error type", e.error?.type],
        ["Error code", e.error?.code === undefined ? undefined : String(e.error.code)],
        ["Ingest key", <code key="k">{e.ingest_key_id}</code>],
        ["Arguments HMAC", e.args_hmac ? <code key="h">{e.args_hmac}</code> : undefined],
        ["Trimmed fields", e.truncated?.join(", ")],
        ["Characters replaced (U+FFFD) in", e.replaced?.join(", ")],
      ]}
    />
  );
}

export function EventControls({ e, payload }: { e: StoredEvent; payload: boolean }) {
  const redactions = e.redactions ?? [];
  return (
    <Fields
      items={[
        [
          "Decision",
          e.decision
            ? [
                e.decision.verdict,
                e.decision.policy_id && `policy ${e.decision.policy_id}`,
                e.decision.rule_id && `rule ${e.decision.rule_id}`,
                e.decision.reason,
              ]
                .filter(Boolean)
                .join(" · ")
            : undefined,
        ],
        [
          "Validation",
          e.validation
            ? `${e.validation.valid ? "valid" : "invalid"}${payload && e.validation.errors?.length ? `: ${e.validation.errors.join("; ")}` : ""}`
            : undefined,
        ],
        [
          "Rate limit",
          e.rate_limit
            ? `${e.rate_limit.limited ? "limited" : "not limited"}${e.rate_limit.key ? ` · key ${e.rate_limit.key}` : ""}${e.rate_limit.limit !== undefined ? ` · ${e.rate_limit.limit}/${e.rate_limit.window_s ?? "?"} s` : ""}`
            : undefined,
        ],
        [
          "Approval",
          e.approval
            ? [e.approval.status, e.approval.by && `by ${e.approval.by}`, e.approval.at]
                .filter(Boolean)
                .join(" · ")
            : undefined,
        ],
        [
          "Redactions",
          redactions.length
            ? redactions
                .map((r) => `${r.type} × ${r.count} in ${r.field}${r.by ? ` (by ${r.by})` : ""}`)
                .join("; ")
            : "none",
        ],
      ]}
    />
  );
}
