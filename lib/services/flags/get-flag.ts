import { z } from "zod";
import type { FlagHistoryEntry, FlagRecord } from "../../../db/store/detection-types";
import type { StoredEvent } from "../../core/contract";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";
import { detection, flagId, requireFlag } from "./flag-common";
import { flagSeries, type SeriesPoint } from "./flag-series";

export const getFlagInput = z.object({ id: flagId });

/** The engine keeps at most 100 evidence ids per flag; the page shows them all. */
export const MAX_EVIDENCE = 100;

export type FlagDetail = {
  flag: FlagRecord;
  history: FlagHistoryEntry[];
  /** The evidence events still stored (retention may have removed some), payloads hidden unless allowed. */
  evidence: StoredEvent[];
  /** Evidence ids no longer stored. */
  missing: string[];
  /** Whether the role may read payloads (arguments, error message, labels). */
  payload: boolean;
  series: SeriesPoint[];
  seriesKind: string | null;
};

/**
 * One flag with its history, evidence events and the observed series against its baseline.
 * Audited as `flag.open`, or `flag.open_payload` when the evidence was shown with payloads.
 */
export async function getFlag({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof getFlagInput>;
}): Promise<FlagDetail> {
  requirePermission(ctx, "flags:read");
  const { id } = parseInput(getFlagInput, input);
  const flag = await requireFlag(ctx, id);
  const payload = ctx.can("events:payload");
  const ids = flag.evidence.slice(0, MAX_EVIDENCE);
  const [history, found, chart] = await Promise.all([
    detection(ctx).flagHistory(id),
    eventsById(ctx, ids),
    flagSeries(detection(ctx), flag, ctx.now()),
  ]);
  const evidence: StoredEvent[] = [];
  const missing: string[] = [];
  found.forEach((e, i) => {
    if (e) evidence.push(payload ? e : withoutPayload(e));
    else missing.push(ids[i] ?? "");
  });
  await audit(ctx, {
    action: payload ? "flag.open_payload" : "flag.open",
    details: { flag_id: id, evidence: evidence.length },
  });
  return {
    flag,
    history,
    evidence,
    missing,
    payload,
    series: chart.points,
    seriesKind: chart.series,
  };
}

/** Point reads of the evidence, ten at a time: a hundred at once would crowd a shared store. */
async function eventsById(ctx: TenantCtx, ids: readonly string[]) {
  const out: (StoredEvent | null)[] = [];
  for (let i = 0; i < ids.length; i += 10)
    out.push(...(await Promise.all(ids.slice(i, i + 10).map((e) => ctx.data.getEvent(e)))));
  return out;
}

/** The event without what only roles with events:payload read, removed before it leaves. */
export function withoutPayload(e: StoredEvent): StoredEvent {
  const { arguments: _args, labels: _labels, ...rest } = e;
  const out: StoredEvent = { ...rest };
  if (e.error) {
    const { message: _m, ...err } = e.error;
    out.error = err;
  }
  if (e.validation) {
    const { errors: _v, ...validation } = e.validation;
    out.validation = validation;
  }
  return out;
}
