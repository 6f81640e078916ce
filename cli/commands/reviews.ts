import { writeFileSync } from "node:fs";
import type { Config } from "../../lib/core/config";
import { runAdmin } from "../admin-client";
import { flags, intFlag, listFlag, required } from "../args";
import { CliError } from "../errors";
import { jsonForTerminal, printTable, safeForTerminal, say } from "../output";

const HELP = `usage:
  tooltrail reviews create --tenant <id> --name <text> --due <YYYY-MM-DD|ISO> --fallback <email>
      [--everything | --server s,… --tool t,… --role r,… --principal p,…] [--period-days 90]
      [--owner server=email,…] [--reviewer principal=email,…] [--no-manager] [--control c,…]
      [--cadence none|quarterly|half-yearly] [--due-outcome keep|revoke|escalate] [--reminder-days 3]
      [--new-entries review|escalate] [--json]
  tooltrail reviews list --tenant <id> [--status draft,in_progress,completed,cancelled] [--json]
  tooltrail reviews start --tenant <id> --campaign <id> [--json]
  tooltrail reviews entries --tenant <id> --campaign <id> [--flag f] [--kind k] [--server s] [--change new|unchanged|removed] [--state undecided|decided] [--json]
  tooltrail reviews decide --tenant <id> --campaign <id> --decision keep|revoke|reduce|escalate
      (--entry e1,… | a filter as for entries: bulk keep) [--note <text>] [--reduce-tools t,…] [--reduce-role r] [--json]
  tooltrail reviews complete --tenant <id> --campaign <id> [--json]
  tooltrail reviews cancel --tenant <id> --campaign <id> --note <text> [--json]
  tooltrail reviews due --tenant <id> [--campaign <id>] [--json]
  tooltrail reviews exception --tenant <id> --revocation <id> --note <text> [--json]
  tooltrail reviews export --tenant <id> --campaign <id> [--format json|csv] [--out <file>]
  Access review campaigns (docs/access-reviews.md): create a draft, start it (freezes the
  population, its sha256 and reconciled counts), decide entries (a note is required for revoke
  and reduce; bulk keep takes the entries a filter selects), apply the due-date policy, complete
  (every revocation enforced or excepted) and export the evidence. Every step is audited.`;

const OPTIONS = {
  tenant: { type: "string" },
  name: { type: "string" },
  due: { type: "string" },
  fallback: { type: "string" },
  everything: { type: "boolean" },
  server: { type: "string", multiple: true },
  tool: { type: "string", multiple: true },
  role: { type: "string", multiple: true },
  principal: { type: "string", multiple: true },
  "period-days": { type: "string" },
  owner: { type: "string", multiple: true },
  reviewer: { type: "string", multiple: true },
  "no-manager": { type: "boolean" },
  control: { type: "string", multiple: true },
  cadence: { type: "string" },
  "due-outcome": { type: "string" },
  "reminder-days": { type: "string" },
  "new-entries": { type: "string" },
  status: { type: "string", multiple: true },
  campaign: { type: "string" },
  flag: { type: "string" },
  kind: { type: "string" },
  change: { type: "string" },
  state: { type: "string" },
  decision: { type: "string" },
  entry: { type: "string", multiple: true },
  note: { type: "string" },
  "reduce-tools": { type: "string", multiple: true },
  "reduce-role": { type: "string" },
  revocation: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
} as const;

const SUBCOMMANDS = [
  "create",
  "list",
  "start",
  "entries",
  "decide",
  "complete",
  "cancel",
  "due",
  "exception",
  "export",
] as const;

/** `a=b,c=d` → { a: b, c: d }; a pair without `=` is a usage error. */
function pairs(value: string | string[] | undefined, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of listFlag(value) ?? []) {
    const i = p.indexOf("=");
    if (i <= 0) throw new CliError(`--${name} takes name=email pairs, got ${p}`, 2);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

type Entry = {
  id: string;
  change: string;
  kind: string;
  principal: string;
  server: string;
  tool: string;
  reviewerUserId: string;
  entry: { flags: string[]; usage: { calls: number; lastUsed: string | null } };
  decision: { decision: string; decidedBy: string } | null;
};

export async function reviewsCommand(config: Config, argv: string[]): Promise<void> {
  const { values: v, positionals } = flags(argv, OPTIONS, HELP);
  const sub = positionals[0] as (typeof SUBCOMMANDS)[number] | undefined;
  if (!sub || !SUBCOMMANDS.includes(sub) || positionals.length > 1) throw new CliError(HELP, 2);
  const tenant = required(v.tenant, "tenant", HELP);
  const campaign = () => required(v.campaign, "campaign", HELP);
  const filter = defined({
    flag: v.flag,
    kind: v.kind,
    server: v.server?.[0],
    change: v.change,
    state: v.state,
  });
  const print = (out: unknown, human: () => void): void => {
    if (v.json) process.stdout.write(`${jsonForTerminal(out)}\n`);
    else human();
  };
  const showCampaign = (c: Record<string, unknown>) =>
    say(
      `${c.id}  ${c.status}  ${c.name}  due ${c.dueAt}${c.snapshotHash ? `  sha256 ${c.snapshotHash}` : ""}`,
    );

  if (sub === "create") {
    const days = intFlag(v["period-days"], "period-days");
    const reminder = intFlag(v["reminder-days"], "reminder-days");
    const out = (await runAdmin(config, "reviews.create", {
      tenant,
      name: required(v.name, "name", HELP),
      dueAt: required(v.due, "due", HELP),
      definition: defined({
        scope: defined({
          everything: v.everything,
          servers: listFlag(v.server),
          tools: listFlag(v.tool),
          roles: listFlag(v.role),
          principals: listFlag(v.principal),
        }),
        periodDays: days,
        reviewers: {
          fallback: required(v.fallback, "fallback", HELP),
          servers: pairs(v.owner, "owner"),
          principals: pairs(v.reviewer, "reviewer"),
          useManager: !v["no-manager"],
        },
        controls: listFlag(v.control),
        cadence: v.cadence,
        dueOutcome: v["due-outcome"],
        reminderDays: reminder,
        newEntries: v["new-entries"],
      }),
    })) as Record<string, unknown>;
    return print(out, () => showCampaign(out));
  }
  if (sub === "list") {
    const status = listFlag(v.status);
    const out = (await runAdmin(config, "reviews.list", defined({ tenant, status }))) as Record<
      string,
      unknown
    >[];
    return print(out, () =>
      printTable(out, ["id", "status", "name", "dueAt", "startedAt", "closedAt"]),
    );
  }
  if (sub === "start" || sub === "complete") {
    const out = (await runAdmin(config, `reviews.${sub}`, {
      tenant,
      campaign: campaign(),
    })) as Record<string, unknown>;
    return print(out, () => {
      const c = (sub === "complete" ? out.campaign : out) as Record<string, unknown>;
      showCampaign(c);
      if (sub === "start") say(`counts: ${JSON.stringify(c.counts)}`);
      if (sub === "complete" && out.next) say(`next draft: ${(out.next as { id: string }).id}`);
    });
  }
  if (sub === "cancel") {
    const out = (await runAdmin(config, "reviews.cancel", {
      tenant,
      campaign: campaign(),
      note: required(v.note, "note", HELP),
    })) as Record<string, unknown>;
    return print(out, () => showCampaign(out));
  }
  if (sub === "entries") {
    const out = (await runAdmin(config, "reviews.entries", {
      tenant,
      campaign: campaign(),
      ...filter,
    })) as { entries: Entry[] };
    return print(out.entries, () =>
      printTable(
        out.entries.map((e) => ({
          entry: e.id,
          change: e.change,
          kind: e.kind,
          principal: e.principal,
          server: e.server,
          tool: e.tool,
          flags: e.entry.flags.join(" "),
          calls: e.entry.usage.calls,
          reviewer: e.reviewerUserId,
          decision: e.decision ? `${e.decision.decision} (${e.decision.decidedBy})` : "-",
        })),
        [
          "entry",
          "change",
          "kind",
          "principal",
          "server",
          "tool",
          "flags",
          "calls",
          "reviewer",
          "decision",
        ],
      ),
    );
  }
  if (sub === "decide") {
    let entries = listFlag(v.entry);
    if (!entries) {
      if (Object.keys(filter).length === 0)
        throw new CliError(`name --entry, or a filter for a bulk keep\n\n${HELP}`, 2);
      const listed = (await runAdmin(config, "reviews.entries", {
        tenant,
        campaign: campaign(),
        ...filter,
      })) as { entries: Entry[] };
      entries = listed.entries.map((e) => e.id);
      if (entries.length === 0)
        throw new CliError("no entry matches the filter: nothing decided", 1);
    }
    const reduceTools = listFlag(v["reduce-tools"]);
    const out = await runAdmin(config, "reviews.decide", {
      tenant,
      campaign: campaign(),
      entries,
      decision: required(v.decision, "decision", HELP),
      ...defined({ note: v.note }),
      ...(reduceTools || v["reduce-role"]
        ? { reduce: defined({ tools: reduceTools, role: v["reduce-role"] }) }
        : {}),
    });
    return print(out, () => {
      const d = out as {
        decided: { entry: string; decision: string; enforcement: string | null }[];
      };
      for (const x of d.decided)
        say(`${x.entry}: ${x.decision}${x.enforcement ? ` (${x.enforcement})` : ""}`);
    });
  }
  if (sub === "due") {
    const out = (await runAdmin(
      config,
      "reviews.due",
      defined({ tenant, campaign: v.campaign }),
    )) as Record<string, unknown>[];
    return print(out, () => printTable(out, ["campaign", "reminded", "applied"]));
  }
  if (sub === "exception") {
    const out = await runAdmin(config, "reviews.exception", {
      tenant,
      revocationId: required(v.revocation, "revocation", HELP),
      note: required(v.note, "note", HELP),
    });
    return print(out, () =>
      say(
        `revocation ${(out as { id: string; status: string }).id}: ${(out as { status: string }).status}`,
      ),
    );
  }
  const format = v.format ?? "json";
  const out = (await runAdmin(config, "reviews.export", {
    tenant,
    campaign: campaign(),
    format,
  })) as { body: string };
  if (v.out) {
    writeFileSync(v.out, out.body);
    say(`wrote ${v.out}`);
  } else process.stdout.write(format === "csv" ? out.body : safeForTerminal(out.body));
}
