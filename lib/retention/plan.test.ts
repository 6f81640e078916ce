import { describe, expect, it } from "vitest";
import type { BatchHeader } from "../core/integrity/batch";
import { type ChainBatch, planChain } from "./plan";

const day = 86_400_000;
const t0 = Date.UTC(2026, 0, 1);
const iso = (d: number) => new Date(t0 + d * day).toISOString();

function batch(seq: number, firstDay: number, lastDay: number, count = 10): ChainBatch {
  const header = { seq, first_time: iso(firstDay), last_time: iso(lastDay), count } as BatchHeader;
  return { seq, header, headerHash: `h${seq}` };
}

const chain = [batch(1, 0, 1), batch(2, 1, 2), batch(3, 2, 5), batch(4, 9, 10), batch(5, 11, 12)];

describe("which batches retention removes", () => {
  it("removes the chain's oldest batches whose every event is older than the cutoff", () => {
    expect(planChain(chain, { headSeq: 5, cutoff: new Date(t0 + 6 * day), holds: [] })).toEqual({
      fromSeq: 1,
      throughSeq: 3,
      throughHash: "h3",
      removedEvents: 30,
      firstTime: iso(0),
      lastTime: iso(5),
    });
  });

  it("keeps a batch that straddles the cutoff, and everything after it", () => {
    const plan = planChain(chain, { headSeq: 5, cutoff: new Date(t0 + 4 * day), holds: [] });
    expect(plan?.throughSeq).toBe(2);
  });

  it("stops at a batch that overlaps a legal hold, open-ended holds included", () => {
    const cutoff = new Date(t0 + 100 * day);
    const held = { from: new Date(t0 + 1.5 * day), to: new Date(t0 + 1.6 * day) };
    expect(planChain(chain, { headSeq: 5, cutoff, holds: [held] })?.throughSeq).toBe(1);
    expect(planChain(chain, { headSeq: 5, cutoff, holds: [{ from: null, to: null }] })).toBeNull();
    const since = { from: new Date(t0 + 8 * day), to: null };
    expect(planChain(chain, { headSeq: 5, cutoff, holds: [since] })?.throughSeq).toBe(3);
  });

  it("always keeps the newest batch, which the writer continues from", () => {
    const plan = planChain(chain, { headSeq: 5, cutoff: new Date(t0 + 100 * day), holds: [] });
    expect(plan?.throughSeq).toBe(4);
    expect(
      planChain([batch(1, 0, 1)], { headSeq: 1, cutoff: new Date(t0 + 9 * day), holds: [] }),
    ).toBeNull();
  });

  it("never skips over a missing batch", () => {
    const gappy = [batch(1, 0, 1), batch(3, 1, 2), batch(4, 2, 3)];
    expect(
      planChain(gappy, { headSeq: 9, cutoff: new Date(t0 + 9 * day), holds: [] })?.throughSeq,
    ).toBe(1);
  });
});
