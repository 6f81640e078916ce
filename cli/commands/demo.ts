import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Config } from "../../lib/core/config";
import { generateEvents, generateMalformed } from "../../lib/demo";
import { type GroundTruth, generateWithAnomalies, recordedDrill } from "../../lib/demo/anomalies";
import { DEMO_TENANT } from "../../lib/services/demo/prepare-demo";
import { runAdmin } from "../admin-client";
import { flags, intFlag, listFlag } from "../args";
import { keepDemoKey, keptDemoKey } from "../demo-keys";
import { CliError, EXIT } from "../errors";
import { printJson, say } from "../output";

const HELP = `usage: tooltrail demo [--url http://127.0.0.1:3000] [--days 7] [--events-per-day 2000] [--tenant demo] [--owner you@example.com] [--seed 1] [--anomalies [--truth ./demo-anomalies.json]] [--json]
  Sends realistic synthetic MCP traffic for the last N days through the real ingestion endpoint,
  plus a few malformed events that end up in quarantine, into the organisation "demo" (created if
  missing), never into a real one unless --tenant names it (--tenant acme,globex: several). The
  demo keeps its ingest key's token in DATA_DIR/demo-keys.json (0600) and reuses the key; the same
  seed sends the same ids and the same malformed batch, so a re-run stores nothing twice.
  --owner makes an existing account owner of the demo organisation (and of no other).
  --anomalies adds labelled anomalies of every detection rule to the traffic (at least and by
  default 14 days: each anomaly follows a week of learning), records an integrity drill, and writes the
  ground truth (rule, subject, window, event ids per anomaly) as JSON to --truth.`;

type Totals = { sent: number; accepted: number; duplicates: number; rejected: number };

export async function demoCommand(config: Config, argv: string[]): Promise<void> {
  const { values } = flags(
    argv,
    {
      url: { type: "string" },
      days: { type: "string" },
      "events-per-day": { type: "string" },
      tenant: { type: "string", multiple: true },
      // The flag's earlier name, still accepted.
      tenants: { type: "string", multiple: true },
      owner: { type: "string" },
      seed: { type: "string" },
      anomalies: { type: "boolean" },
      truth: { type: "string" },
    },
    HELP,
  );
  const anomalies = values.anomalies === true;
  if (values.truth !== undefined && !anomalies)
    throw new CliError(`--truth goes with --anomalies\n\n${HELP}`, EXIT.usage);
  const url = (values.url ?? `http://127.0.0.1:${config.PORT}`).replace(/\/$/, "");
  const days = intFlag(values.days, "days") ?? (anomalies ? 14 : 7);
  const perDay = intFlag(values["events-per-day"], "events-per-day") ?? 2000;
  const seed = intFlag(values.seed, "seed") ?? 1;
  const named = [...(listFlag(values.tenant) ?? []), ...(listFlag(values.tenants) ?? [])];
  const tenants = named.length > 0 ? [...new Set(named)] : [DEMO_TENANT];
  const owner = values.owner;
  if (owner !== undefined && (tenants.length !== 1 || tenants[0] !== DEMO_TENANT))
    throw new CliError(
      `--owner makes an account owner of the ${DEMO_TENANT} organisation only; leave out --tenant, or give roles elsewhere with \`tooltrail users create\`\n\n${HELP}`,
      EXIT.usage,
    );
  try {
    await fetch(`${url}/api/health`);
  } catch {
    throw new CliError(
      `no Tooltrail server answers at ${url}; start it with \`npm start\` (or pass --url)`,
      EXIT.unavailable,
    );
  }
  const started = performance.now();
  const totals: Totals = { sent: 0, accepted: 0, duplicates: 0, rejected: 0 };
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  const truth: { tenant: string; anomalies: GroundTruth[] }[] = [];
  for (const tenant of tenants) {
    // Generated first: a demo that cannot run (too few days for anomalies) creates nothing.
    const options = { seed, tenant, from, to, count: days * perDay };
    const demo = anomalies ? generateWithAnomalies(options) : null;
    const events = demo?.events ?? generateEvents(options);
    const token = await demoKey(config, tenant, owner);
    const batches: Batch[] = [];
    for (let i = 0; i < events.length; i += 500) batches.push({ events: events.slice(i, i + 500) });
    // The same body under the same Idempotency-Key on every run: quarantined once.
    batches.push({
      events: generateMalformed(seed, tenant),
      idempotencyKey: `demo-malformed-${seed}`,
    });
    await sendAll(`${url}/api/v1/events`, token, batches, totals);
    if (demo) {
      const before = new Date();
      await runAdmin(config, "integrity.drill", { tenant });
      truth.push({ tenant, anomalies: recordedDrill(demo.truth, before, new Date()) });
    }
    if (!values.json) say(`${tenant}: ${events.length} events sent`);
  }
  const truthPath = anomalies ? resolve(values.truth ?? "demo-anomalies.json") : null;
  if (truthPath) {
    const doc = {
      version: 1,
      seed,
      from: from.toISOString(),
      to: to.toISOString(),
      tenants: truth,
    };
    writeFileSync(truthPath, `${JSON.stringify(doc, null, 2)}\n`);
  }
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    ...totals,
    seconds: Number(seconds.toFixed(1)),
    events_per_second: Math.round(totals.sent / seconds),
    tenants,
    ...(truthPath
      ? { truth: truthPath, anomalies: truth.reduce((n, t) => n + t.anomalies.length, 0) }
      : {}),
  };
  if (values.json) return printJson(summary);
  say(
    `sent ${totals.sent} events in ${summary.seconds} s (${summary.events_per_second}/s): ${totals.accepted} accepted, ${totals.duplicates} duplicates, ${totals.rejected} rejected into quarantine`,
  );
  if (truthPath)
    say(`ground truth of ${summary.anomalies} labelled anomalies written to ${truthPath}`);
}

/**
 * The tenant made ready (created, owner given) and the token of its demo key: the one kept from
 * an earlier run while the server still has it active, or a new one, kept for the next run.
 */
async function demoKey(config: Config, tenant: string, owner: string | undefined): Promise<string> {
  const kept = keptDemoKey(config.dataDir, tenant);
  const ready = (await runAdmin(config, "demo.prepare", {
    tenant,
    ...(owner !== undefined ? { owner } : {}),
    ...(kept ? { keyId: kept.id } : {}),
  })) as { key: { id: string; token: string | null } };
  if (kept && !ready.key.token) return kept.token;
  if (!ready.key.token)
    throw new CliError(`the server reused demo key ${ready.key.id} this machine does not keep`);
  keepDemoKey(config.dataDir, tenant, { id: ready.key.id, token: ready.key.token });
  return ready.key.token;
}

type Batch = { events: unknown[]; idempotencyKey?: string };

/** Up to four requests in flight; 429 and 503 are retried after their Retry-After. */
async function sendAll(
  endpoint: string,
  token: string,
  batches: Batch[],
  totals: Totals,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++] as Batch;
      const body = batch.events.map((e) => JSON.stringify(e)).join("\n");
      for (let attempt = 0; ; attempt++) {
        const res = await fetch(endpoint, {
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/x-ndjson",
            ...(batch.idempotencyKey ? { "idempotency-key": batch.idempotencyKey } : {}),
          },
          body,
        });
        const json = (await res.json().catch(() => ({}))) as {
          accepted?: number;
          duplicates?: number;
          rejected?: unknown[];
          detail?: string;
        };
        if ((res.status === 429 || res.status === 503) && attempt < 20) {
          await new Promise((r) =>
            setTimeout(r, 1000 * Number(res.headers.get("retry-after") ?? 1)),
          );
          continue;
        }
        // The malformed batch is rejected whole on purpose: 400 with its events in quarantine.
        const allRejected = res.status === 400 && Array.isArray(json.rejected);
        if (res.status !== 202 && !allRejected)
          throw new CliError(`the server answered ${res.status}: ${json.detail ?? "no detail"}`);
        totals.sent += batch.events.length;
        totals.accepted += json.accepted ?? 0;
        totals.duplicates += json.duplicates ?? 0;
        totals.rejected += json.rejected?.length ?? 0;
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}
