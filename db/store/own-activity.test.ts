import { describe, expect, it } from "vitest";
import { INTERNAL_KEY_ID } from "../../ingest/pipeline";
import { DASHBOARD_SERVER_NAME } from "../../lib/services/audit-event";
import { OWN_INGEST_KEY, OWN_SERVER_NAME } from "./own-activity";
import { pickRollup, planTiers } from "./rollups";

describe("Tooltrail's own activity", () => {
  it("is marked as the services and the pipeline write it", () => {
    expect(OWN_SERVER_NAME).toBe(DASHBOARD_SERVER_NAME);
    expect(OWN_INGEST_KEY).toBe(INTERNAL_KEY_ID);
  });

  it("leaves MCP-only reads on rollups and sends the dashboard's own to raw events", () => {
    const f = { from: new Date(Date.UTC(2026, 0, 1)), to: new Date(Date.UTC(2026, 0, 8)) };
    expect(pickRollup({ ...f, activity: "mcp" }, ["tool"])).toBe("rollup_hourly");
    expect(pickRollup({ ...f, activity: "dashboard" }, ["tool"])).toBeNull();
    const catalog = [{ family: "controls", grains: ["day", "hour"] }] as const;
    expect(planTiers({ ...f, activity: "mcp" }, ["tool"], catalog).family).toBe("controls");
    expect(planTiers({ ...f, activity: "dashboard" }, ["tool"], catalog).family).toBeNull();
  });
});
