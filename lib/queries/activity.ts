import { ACTIVITIES, type Activity } from "../../db/store/own-activity";
import { BadRequestError } from "./bad-request";

export { ACTIVITIES, type Activity };

/** The views' default: the MCP traffic people came to see, without Tooltrail's own audit. */
export const DEFAULT_ACTIVITY: Activity = "mcp";

/** What the switch says for each activity (components/activity-switch.tsx). */
export const ACTIVITY_LABELS: Record<Activity, string> = {
  mcp: "MCP traffic",
  all: "Including this dashboard",
  dashboard: "Audit of this dashboard",
};

/** `activity=mcp|all|dashboard` (absent: mcp); anything else is refused with what is accepted. */
export function parseActivity(raw: string | undefined): Activity {
  if (raw === undefined) return DEFAULT_ACTIVITY;
  if ((ACTIVITIES as readonly string[]).includes(raw)) return raw as Activity;
  throw new BadRequestError(`activity must be one of ${ACTIVITIES.join(", ")}`);
}
