import { z } from "zod";
import type { Rule } from "../types";
import { actorLabel, bytes, hourRange } from "./baseline-common";
import { evaluateSpike, type SpikeState } from "./hourly-spike";
import { basisText } from "./hourly-spike-types";

/**
 * An actor pulling far more data out through tool results this hour than its own history: the
 * bytes are what leaves, whatever the number of calls (one export can carry a database).
 * The same robust test as volume_spike, on the actor's hourly result_bytes, with a byte floor.
 */

const params = z.object({
  baselineDays: z
    .number()
    .int()
    .min(3)
    .max(28)
    .default(14)
    .describe("Days of hourly result bytes the baseline is computed over (at most 28)."),
  minHistoryDays: z
    .number()
    .int()
    .min(1)
    .max(28)
    .default(3)
    .describe(
      "Days an actor must have been seen before it can be flagged; until then it is learning.",
    ),
  minBytes: z
    .number()
    .int()
    .min(1)
    .default(10_000_000)
    .describe(
      "Result bytes in the hour below which nothing is flagged (10 MB: a few large files are ordinary work).",
    ),
  threshold: z
    .number()
    .min(1)
    .default(6)
    .describe(
      "How many robust standard deviations (1.4826 × MAD, at least 1 byte) above the median the hour's bytes must be.",
    ),
  minRatio: z
    .number()
    .min(1)
    .default(3)
    .describe("The hour's bytes must also be at least this many times the median."),
  seasonal: z
    .boolean()
    .default(true)
    .describe(
      "Also compare with the same hour of the day, or of the week once three weeks of history exist (needs baselineDays of 21 or more): a nightly export is not a spike. Off: the active hours only.",
    ),
});
export type BulkEgressParams = z.infer<typeof params>;

export const bulkEgress: Rule<BulkEgressParams, SpikeState> = {
  id: "bulk_egress",
  version: 2,
  title: "Bulk egress",
  description:
    "An actor receiving far more data in tool results in an hour than its own baseline (median and MAD of its hourly result bytes in the hours it received any, and at the same hour of the day or week): bulk export or exfiltration through an agent.",
  params,
  enabledByDefault: true,
  initialState: () => ({ hours: {} }),
  evaluate: (input) =>
    evaluateSpike(
      {
        rule: "bulk_egress",
        subjects: (e) => [
          {
            kind: "actor",
            series: "actor_bytes",
            key: e.actorId,
            label: actorLabel(e),
            value: e.resultBytes ?? 0,
          },
        ],
        floor: (p) => p.minBytes,
        observed: (t) => ({ bytes: t.value, calls: t.calls }),
        sentence: (t, b) =>
          `${t.label} received ${bytes(t.value)} in ${t.calls} tool results ${hourRange(t.hour)}; ${basisText(b, bytes)}`,
      },
      input,
    ),
};
