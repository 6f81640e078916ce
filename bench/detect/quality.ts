import { type GroundTruth, generateWithAnomalies } from "../../lib/demo/anomalies";
import { pipelineAuditSink } from "../../lib/services/audit-event";
import { operatorTenantCtx } from "../../lib/services/context";
import { integrityDrill } from "../../lib/services/integrity/integrity-audit";
import { startHarness } from "../../test/fixtures/ingest-harness";
import { catchUp, type LoopFigures } from "./engine-loop";
import { type RuleScore, scoreFlags } from "./score";

const DAY = 86_400_000;

export type QualityRun = {
  events: number;
  days: number;
  truth: GroundTruth[];
  skipped: GroundTruth[];
  scores: RuleScore[];
  backfill: LoopFigures;
  evaluation: LoopFigures;
};

/**
 * Precision and recall per rule: the anomaly demo's traffic goes through the real ingest
 * pipeline (validation, redaction, sealing) into an embedded store; detection is enabled on the
 * tenant `learnDays` in (every opt-in rule too), learns the history before that by backfill, and
 * then evaluates the rest window by window at a replayed clock, as the scheduler would have.
 */
export async function measureQuality(o: {
  days: number;
  perDay: number;
  learnDays: number;
  seed: number;
}): Promise<QualityRun> {
  const h = await startHarness();
  try {
    const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const from = new Date(to.getTime() - o.days * DAY);
    const demo = generateWithAnomalies({
      seed: o.seed,
      tenant: "acme",
      from,
      to,
      count: o.days * o.perDay,
    });
    const token = await h.tenantWithKey("acme", { ratePerSecond: 1e7, burst: 1e7 });
    for (let i = 0; i < demo.events.length; i += 500) {
      const body = demo.events
        .slice(i, i + 500)
        .map((e) => JSON.stringify(e))
        .join("\n");
      const r = await h.post(token, body, { "content-type": "application/x-ndjson" });
      if (r.status !== 202)
        throw new Error(`ingest answered ${r.status}: ${JSON.stringify(r.body)}`);
    }
    // The integrity drill `tooltrail demo --anomalies` records: a failed verification, through
    // the operator's audited operation and the pipeline's internal entrance.
    const ctx = await operatorTenantCtx(
      {
        store: h.store,
        actor: { kind: "operator", name: "bench" },
        audit: pipelineAuditSink(h.server.pipeline.recordInternal, "bench"),
        now: () => new Date(),
      },
      "acme",
    );
    await integrityDrill({ ctx, input: { tenant: "acme", note: "bench:detect" } });
    const store = await h.stored();
    const data = store.forTenant("acme");
    const enabledAt = new Date(from.getTime() + o.learnDays * DAY);
    for (const rule of ["off_hours"])
      await data.detection.putRuleConfig({
        rule,
        enabled: true,
        params: {},
        allow: [],
        groupBy: [],
        enabledAt,
        updatedAt: enabledAt,
        updatedBy: "bench",
      });
    const backfill = await catchUp(data, enabledAt);
    // Two hours past the end, so episodes whose behaviour returned to baseline are ended.
    const evaluation = await catchUp(data, new Date(to.getTime() + 2 * 3_600_000));
    const flags = (await data.detection.listFlags({ limit: 100_000, offset: 0 })).rows;
    const skipped: GroundTruth[] = [];
    const truth = demo.truth;
    return {
      events: demo.events.length,
      days: o.days,
      truth,
      skipped,
      scores: scoreFlags(flags, truth),
      backfill,
      evaluation,
    };
  } finally {
    await h.stop();
  }
}
