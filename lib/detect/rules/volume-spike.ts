import { z } from "zod";
import type { Rule } from "../types";
import { actorLabel, hourRange, num, SEP } from "./baseline-common";
import { evaluateSpike, type SpikeState } from "./hourly-spike";
import { basisText } from "./hourly-spike-types";

/**
 * An actor, or an actor with one tool, calling far more this hour than its own history says is
 * normal. Three conditions must all hold so that neither quiet nor noisy actors drown analysts:
 * an absolute floor (1 → 3 calls is not a spike), a robust z-score (the history's own spread),
 * and a ratio to the median (a busy actor's usual noise is not a spike).
 */

const params = z.object({
  baselineDays: z
    .number()
    .int()
    .min(3)
    .max(28)
    .default(14)
    .describe("Days of hourly history the baseline is computed over (at most 28)."),
  minHistoryDays: z
    .number()
    .int()
    .min(1)
    .max(28)
    .default(3)
    .describe(
      "Days an actor (or actor and tool) must have been seen before it can be flagged; until then it is learning.",
    ),
  minVolume: z
    .number()
    .int()
    .min(1)
    .default(20)
    .describe("Calls in the hour below which nothing is a spike, however quiet the history."),
  threshold: z
    .number()
    .min(1)
    .default(6)
    .describe(
      "How many robust standard deviations (1.4826 × MAD, at least 1) above the median the hour's count must be.",
    ),
  minRatio: z
    .number()
    .min(1)
    .default(3)
    .describe("The hour's count must also be at least this many times the median (or 1)."),
  seasonal: z
    .boolean()
    .default(true)
    .describe(
      "Also compare with the same hour of the day, or of the week once three weeks of history exist (needs baselineDays of 21 or more): a daily or weekly batch is not a spike. Off: the active hours only.",
    ),
});
export type VolumeSpikeParams = z.infer<typeof params>;

export const volumeSpike: Rule<VolumeSpikeParams, SpikeState> = {
  id: "volume_spike",
  version: 2,
  title: "Volume spike",
  description:
    "An actor, or an actor with one tool, calling far more in an hour than its own baseline (median and MAD of its hourly calls in the hours it was active, and at the same hour of the day or week): mass deletion, scraping, a runaway agent.",
  params,
  enabledByDefault: true,
  initialState: () => ({ hours: {} }),
  evaluate: (input) =>
    evaluateSpike(
      {
        rule: "volume_spike",
        subjects: (e) => {
          const label = actorLabel(e);
          const out = [
            { kind: "actor" as const, series: "actor" as const, key: e.actorId, label, value: 1 },
          ];
          if (e.tool === null) return out;
          return [
            ...out,
            {
              kind: "actor_tool" as const,
              series: "actor_tool" as const,
              key: `${e.actorId}${SEP}${e.tool}`,
              label: `${label} · ${e.tool}`,
              value: 1,
            },
          ];
        },
        floor: (p) => p.minVolume,
        observed: (t) => ({ calls: t.calls }),
        sentence: (t, b) => {
          const cut = t.label.lastIndexOf(" · ");
          const did =
            t.kind === "actor_tool"
              ? `${t.label.slice(0, cut)} called ${t.label.slice(cut + 3)} ${t.value} times`
              : `${t.label} made ${t.value} calls`;
          return `${did} ${hourRange(t.hour)}; ${basisText(b, num)}`;
        },
      },
      input,
    ),
};
