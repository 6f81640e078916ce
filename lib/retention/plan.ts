import type { BatchHeader } from "../core/integrity/batch";

export type Period = { from: Date | null; to: Date | null };

export type ChainBatch = { seq: number; header: BatchHeader; headerHash: string };

export type ChainPlan = {
  fromSeq: number;
  throughSeq: number;
  throughHash: string;
  removedEvents: number;
  firstTime: string;
  lastTime: string;
};

const overlaps = (b: BatchHeader, p: Period) =>
  (p.from === null || Date.parse(b.last_time) >= p.from.getTime()) &&
  (p.to === null || Date.parse(b.first_time) <= p.to.getTime());

/**
 * The batches retention may remove from a chain: its oldest batches, in order, while every event
 * of each (the signed header's `last_time`) is older than the cutoff and none lies in a held
 * period. It stops at the first batch that must stay, since a chain can only be cut at its start,
 * and always keeps the newest batch: the anchor the writer continues from.
 */
export function planChain(
  batches: readonly ChainBatch[],
  o: { headSeq: number; cutoff: Date; holds: readonly Period[] },
): ChainPlan | null {
  let plan: ChainPlan | null = null;
  for (const b of batches) {
    const h = b.header;
    if (b.seq >= o.headSeq) break;
    if (Date.parse(h.last_time) >= o.cutoff.getTime()) break;
    if (o.holds.some((p) => overlaps(h, p))) break;
    const next: ChainPlan | null = plan ? extend(plan, b) : start(b);
    if (!next) break;
    plan = next;
  }
  return plan;
}

function start(b: ChainBatch): ChainPlan {
  const h = b.header;
  return {
    fromSeq: b.seq,
    throughSeq: b.seq,
    throughHash: b.headerHash,
    removedEvents: h.count,
    firstTime: h.first_time,
    lastTime: h.last_time,
  };
}

/** The plan with `b` appended, or null where `b` does not follow it (a gap stops retention). */
function extend(p: ChainPlan, b: ChainBatch): ChainPlan | null {
  if (b.seq !== p.throughSeq + 1) return null;
  const h = b.header;
  return {
    ...p,
    throughSeq: b.seq,
    throughHash: b.headerHash,
    removedEvents: p.removedEvents + h.count,
    firstTime: Date.parse(h.first_time) < Date.parse(p.firstTime) ? h.first_time : p.firstTime,
    lastTime: Date.parse(h.last_time) > Date.parse(p.lastTime) ? h.last_time : p.lastTime,
  };
}
