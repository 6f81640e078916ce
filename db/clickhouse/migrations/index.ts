import { m0001 } from "./0001_events";
import { m0002 } from "./0002_integrity_and_quarantine";
import { m0003 } from "./0003_event_ids";
import { m0004 } from "./0004_hourly_rollups";
import { m0005 } from "./0005_duration_histogram";
import { m0006 } from "./0006_events_by_actor";
import { m0007 } from "./0007_event_ids_v2";
import type { Migration } from "./context";

/** Applied in order by `tooltrail migrate` and at start; see ../migrate.ts. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007];
