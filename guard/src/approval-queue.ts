import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type PendingApproval = {
  id: string;
  server: string;
  tool: string;
  actor: string;
  arguments: unknown;
  requested_at: string;
  expires_at: string;
};
export type ApprovalDecision = { status: "approved" | "rejected"; by: string; at: string };

const ID = /^[0-9a-f]{12}$/;

/**
 * Approvals for clients that cannot ask their user (no MCP elicitation): the held call is
 * written to `<state>/approvals/<id>.json`, and a person answers with `tooltrail guard approve
 * <id>` or `reject <id>` on the same machine, which writes `<id>.decision.json`. The directory is
 * private to the user running Guard, so only that user (or root) can approve.
 */
export class ApprovalQueue {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, "approvals");
  }

  /** Files the request and waits for a decision until the deadline (null: nobody answered). */
  async hold(
    request: Omit<PendingApproval, "id" | "requested_at" | "expires_at">,
    timeoutMs: number,
    onWaiting: (id: string) => void,
    pollMs = 200,
  ): Promise<ApprovalDecision | null> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const id = randomBytes(6).toString("hex");
    const now = Date.now();
    const pending: PendingApproval = {
      id,
      ...request,
      requested_at: new Date(now).toISOString(),
      expires_at: new Date(now + timeoutMs).toISOString(),
    };
    atomicWrite(join(this.dir, `${id}.json`), pending);
    onWaiting(id);
    try {
      for (const end = now + timeoutMs; Date.now() < end; ) {
        const d = this.decision(id);
        if (d) return d;
        await new Promise((r) => setTimeout(r, pollMs));
      }
      return this.decision(id);
    } finally {
      rmSync(join(this.dir, `${id}.json`), { force: true });
      rmSync(join(this.dir, `${id}.decision.json`), { force: true });
    }
  }

  list(): PendingApproval[] {
    let files: string[];
    try {
      files = readdirSync(this.dir);
    } catch {
      return [];
    }
    return files
      .filter((f) => /^[0-9a-f]{12}\.json$/.test(f))
      .flatMap((f) => {
        try {
          return [JSON.parse(readFileSync(join(this.dir, f), "utf8")) as PendingApproval];
        } catch {
          return [];
        }
      })
      .sort((a, b) => a.requested_at.localeCompare(b.requested_at));
  }

  /** Records a person's answer; false when no such call is waiting. */
  decide(id: string, status: ApprovalDecision["status"], by: string): boolean {
    if (!ID.test(id) || !this.list().some((p) => p.id === id)) return false;
    atomicWrite(join(this.dir, `${id}.decision.json`), {
      status,
      by,
      at: new Date().toISOString(),
    });
    return true;
  }

  private decision(id: string): ApprovalDecision | null {
    try {
      const d = JSON.parse(readFileSync(join(this.dir, `${id}.decision.json`), "utf8"));
      return d?.status === "approved" || d?.status === "rejected" ? (d as ApprovalDecision) : null;
    } catch {
      return null;
    }
  }
}

function atomicWrite(path: string, value: object): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}
