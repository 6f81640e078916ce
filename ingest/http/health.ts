import type { Store } from "../../db/store/types";
import type { EventCommitter } from "../commit/committer";
import { type HttpResponse, json } from "./http-types";

export async function health(): Promise<HttpResponse> {
  return json(200, { status: "ok" });
}

/** Ready when the store answers within a second; reports the spool so operators see a backlog. */
export function readiness(store: Store, committer: EventCommitter) {
  return async (): Promise<HttpResponse> => {
    const s = committer.status();
    const body = {
      store: store.kind,
      spool_bytes: s.spoolBytes,
      pending_events: s.pendingEvents,
      degraded: s.degraded,
    };
    try {
      await Promise.race([
        store.ping(),
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error("store ping timed out")), 1_000),
        ),
      ]);
      return json(200, { status: "ready", ...body });
    } catch (err) {
      void err;
      return json(
        503,
        { status: "unavailable", reason: "the store did not answer within 1 s", ...body },
        { "retry-after": "5" },
      );
    }
  };
}
