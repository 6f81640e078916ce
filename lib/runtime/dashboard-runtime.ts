import type { Store } from "../../db/store/types";
import type { SetupTokens } from "../auth/setup-token";
import type { NotifyEnv } from "../notify/deliver";

/**
 * What the dashboard's server code borrows from the process that runs it: the store and the
 * ingest pipeline already opened by server/app-server.ts. PGlite allows one process, so the
 * dashboard must never open its own. Next.js bundles its server code apart from ours, so module
 * state would not be shared: the registry lives on globalThis under a registered symbol.
 */
export type DashboardRuntime = {
  store: Store;
  /** Writes events about the dashboard itself through the ingest pipeline (self-audit). */
  recordInternal(tenantId: string, events: unknown[]): Promise<void>;
  /** Public base URL (http://localhost:3000 or the TLS proxy's https:// URL). */
  publicUrl: string;
  /** Secret for session JWTs and CSRF tokens, derived from the master secret. */
  authSecret: string;
  serverVersion: string;
  /** First-run setup link state (see lib/auth/setup-token.ts). */
  setup: SetupTokens;
  /** Notification settings for the services that add and test destinations (lib/notify). */
  notify?: NotifyEnv;
};

const KEY = Symbol.for("tooltrail.dashboard-runtime");
type Holder = { [KEY]?: DashboardRuntime };

export function registerDashboardRuntime(runtime: DashboardRuntime): void {
  (globalThis as Holder)[KEY] = runtime;
}

export function dashboardRuntime(): DashboardRuntime {
  const r = (globalThis as Holder)[KEY];
  if (!r)
    throw new Error(
      "the dashboard runs inside `tooltrail serve` (npm start), which opens the store; `next start` alone cannot",
    );
  return r;
}

export function clearDashboardRuntime(): void {
  delete (globalThis as Holder)[KEY];
}
