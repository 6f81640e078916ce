import { EVENT_SORTS, isEventSort } from "../../db/store/event-sort";
import type { Config } from "../../lib/core/config";
import { OUTCOMES } from "../../lib/core/contract";
import { RANGES } from "../../lib/queries/filters";
import type { OpenedView } from "../../lib/services/views/open";
import { runAdmin } from "../admin-client";
import { flags, listFlag, required, timeFlag } from "../args";
import { writeOut } from "../closed-output";
import { CliError } from "../errors";
import { jsonForTerminal } from "../output";

const HELP = `usage:
  tooltrail events --tenant <id> [--view <name|id>] [--from <time|age>] [--to <time|age>] [--server a,b] [--tool t] [--actor a] [--outcome ok,error,…] [--query <query>] [--sort key] [--limit N] [--desc]
  Prints stored events as NDJSON, exactly as stored after redaction. Times: ISO 8601 or ages like 24h, 7d.
  --view runs a shared saved view of the explorer (tooltrail views list): its query, range (a
    relative one ends now), filters, activity and sort; any other flag given replaces the view's.
  --query takes the explorer's query language, e.g. 'tool:read_* -outcome:ok duration_ms:>1000'
    (docs/query-language.md); a mistake is reported with its column.
  sort keys: ${EVENT_SORTS.join(", ")} (time by default; others put events without a value last)
  outcomes: ${OUTCOMES.join(", ")}`;

export async function eventsCommand(config: Config, argv: string[]): Promise<void> {
  const { values } = flags(
    argv,
    {
      tenant: { type: "string" },
      view: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      server: { type: "string", multiple: true },
      tool: { type: "string", multiple: true },
      actor: { type: "string", multiple: true },
      outcome: { type: "string", multiple: true },
      query: { type: "string" },
      limit: { type: "string" },
      desc: { type: "boolean" },
      sort: { type: "string" },
    },
    HELP,
  );
  const limit = values.limit === undefined ? Number.POSITIVE_INFINITY : Number(values.limit);
  if (!(limit > 0)) throw new CliError(`--limit must be a positive number\n\n${HELP}`, 2);
  const sort = values.sort ?? "time";
  if (!isEventSort(sort))
    throw new CliError(`--sort must be one of ${EVENT_SORTS.join(", ")}\n\n${HELP}`, 2);
  const tenant = required(values.tenant, "tenant", HELP);
  const view = values.view ? await savedView(config, tenant, values.view) : {};
  const given = {
    from: timeFlag(values.from, "from"),
    to: timeFlag(values.to, "to"),
    server: listFlag(values.server),
    tool: listFlag(values.tool),
    actor: listFlag(values.actor),
    outcome: listFlag(values.outcome),
    ...(values.query ? { query: values.query } : {}),
    ...(values.sort !== undefined ? { sort } : {}),
    ...(values.desc ? { order: "desc" } : {}),
  };
  const base = {
    order: "asc",
    sort,
    ...view,
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
    tenant,
  };
  let printed = 0;
  let cursor: string | undefined;
  // Page through with the store's cursor: memory stays flat however many events match.
  do {
    const page = (await runAdmin(config, "events.list", {
      ...base,
      limit: Math.min(500, limit - printed),
      cursor,
    })) as { events: unknown[]; nextCursor: string | null };
    const out = page.events.map((e) => `${jsonForTerminal(e)}\n`).join("");
    if (out && !(await writeOut(out))) return;
    printed += page.events.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && printed < limit);
}

/** A saved view's state as `events.list` input: a relative range ends now. */
async function savedView(config: Config, tenant: string, ref: string) {
  const { state } = (await runAdmin(config, "views.open", { tenant, view: ref })) as OpenedView;
  const now = Date.now();
  const range =
    state.range === "custom"
      ? { from: state.from, to: state.to }
      : {
          from: new Date(now - RANGES[state.range] * 1000).toISOString(),
          to: new Date(now).toISOString(),
        };
  const f = state.filters;
  return {
    ...range,
    ...(f.server.length ? { server: f.server } : {}),
    ...(f.tool.length ? { tool: f.tool } : {}),
    ...(f.actor.length ? { actor: f.actor } : {}),
    ...(f.client.length ? { client: f.client } : {}),
    ...(f.outcome.length ? { outcome: f.outcome } : {}),
    ...(state.q ? { query: state.q } : {}),
    activity: state.activity,
    sort: state.sort,
    order: state.dir,
  };
}
