import { MINUTE } from "../stats";
import type { Finding } from "../types";
import { clock, finding, num } from "./baseline-common";

/** One source telemetry_gap follows (an ingest key or a server), as kept in its state. */
export type GapSource = {
  kind: "ingest_key" | "server";
  key: string;
  /** Its latest event (epoch ms) and that event's id (the last evidence before a gap). */
  last: number;
  lastId: string;
  /** When one of its actors was first active on another source after `last`, else null. */
  elsewhere: number | null;
  elsewhereActor: string;
  /** Events of its actors elsewhere since `last` (at most 20). */
  evidence: string[];
  /** Whether it was steady before the hour of `last` (cached per hour). */
  steady: Steady | null;
};

export type Steady = { hour: number; median: number; activeShare: number; ok: boolean };

export function silentFinding(
  s: GapSource,
  st: Steady,
  end: number,
  p: { silentMinutes: number; baselineDays: number },
  phase: "ongoing" | "resumed",
): Finding {
  const noun = s.kind === "server" ? "Server" : "Ingest key";
  const other = s.kind === "server" ? "other servers" : "other ingest keys";
  const minutes = Math.floor((end - s.last) / MINUTE);
  const silence =
    phase === "ongoing"
      ? `has sent nothing since ${clock(s.last)} UTC (${minutes} minutes)`
      : `sent nothing from ${clock(s.last)} to ${clock(end)} UTC (${minutes} minutes)`;
  return finding({
    rule: "telemetry_gap",
    subject: { kind: s.kind, key: s.key, label: s.key },
    severity: "high",
    start: s.last,
    end,
    observed: { silentMinutes: minutes, silent: 1 },
    baseline: {
      medianHourly: st.median,
      activeShare: Math.round(st.activeShare * 100) / 100,
      silentMinutes: p.silentMinutes,
    },
    sentence: `${noun} ${s.key} ${silence} while ${s.elsewhereActor} stayed active through ${other}; it sent a median of ${num(st.median)} events an hour over the previous ${p.baselineDays} days`,
    evidence: [s.lastId, ...s.evidence],
  });
}
