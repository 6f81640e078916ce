import type { IncidentRecord } from "../../../db/store/detection-types";
import { HOUR } from "../../detect/stats";

/** GDPR Art. 33(1): notify the supervisory authority within 72 hours of becoming aware. */
export const NOTIFY_WITHIN_HOURS = 72;

export type IncidentClock = {
  deadline: Date;
  /** Milliseconds left until the deadline (negative once passed); frozen once notified. */
  remainingMs: number;
  state: "running" | "overdue" | "notified" | "notified_late";
};

/** The 72-hour clock from awareness, as it stands at `now` (or stood when the authority was told). */
export function incidentClock(i: IncidentRecord, now: Date): IncidentClock {
  const deadline = new Date(i.awareAt.getTime() + NOTIFY_WITHIN_HOURS * HOUR);
  const at = i.notifiedAuthorityAt ?? now;
  const remainingMs = deadline.getTime() - at.getTime();
  const late = remainingMs < 0;
  const state = i.notifiedAuthorityAt
    ? late
      ? "notified_late"
      : "notified"
    : late
      ? "overdue"
      : "running";
  return { deadline, remainingMs, state };
}
