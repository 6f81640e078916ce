import { type FSWatcher, watch } from "node:fs";
import { basename, dirname } from "node:path";
import { type CompiledRedactionPolicy, compileRedactionPolicy } from "../shared";
import { Authorizer } from "./evaluate";
import { loadPolicyFile, PolicyError } from "./load";
import type { Policy } from "./schema";

export type ActivePolicy = {
  policy: Policy;
  authorizer: Authorizer;
  redaction: CompiledRedactionPolicy | null;
};

export function activate(policy: Policy): ActivePolicy {
  return {
    policy,
    authorizer: new Authorizer(policy),
    redaction: policy.output.redact ? compileRedactionPolicy(policy.output.redaction) : null,
  };
}

/**
 * The policy in force, swapped atomically on reload. A reload that fails keeps the previous
 * policy (a typo must not open or close everything) and reports the located errors.
 */
export class PolicyHolder {
  private active: ActivePolicy;
  private watcher: FSWatcher | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private onHup: (() => void) | null = null;
  private readonly listeners: ((active: ActivePolicy) => void)[] = [];

  constructor(
    policy: Policy,
    private readonly file: string | null = null,
    private readonly log: (m: string) => void = () => {},
  ) {
    this.active = activate(policy);
  }

  static async fromFile(file: string, log?: (m: string) => void): Promise<PolicyHolder> {
    return new PolicyHolder(await loadPolicyFile(file), file, log);
  }

  get current(): ActivePolicy {
    return this.active;
  }

  async reload(): Promise<{ ok: true } | { ok: false; error: string }> {
    if (!this.file) return { ok: false, error: "the policy was not loaded from a file" };
    try {
      this.active = activate(await loadPolicyFile(this.file));
      this.log(`policy ${this.active.policy.id} reloaded from ${this.file}`);
      for (const l of this.listeners) l(this.active);
      return { ok: true };
    } catch (err) {
      const error = err instanceof PolicyError ? err.message : String(err);
      this.log(`policy reload failed, keeping the previous policy: ${error}`);
      return { ok: false, error };
    }
  }

  /** Called after each successful reload (Guard registers the new policy with Tooltrail). */
  onReload(listener: (active: ActivePolicy) => void): void {
    this.listeners.push(listener);
  }

  /** Reloads when the file changes (editors write in bursts: debounced) and on SIGHUP. */
  watch(): void {
    if (!this.file || this.watcher) return;
    const trigger = () => {
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(() => void this.reload(), 100);
      this.debounce.unref();
    };
    try {
      // The directory, not the file: editors replace files by renaming, which ends a file watch.
      const name = basename(this.file);
      this.watcher = watch(dirname(this.file), (_event, changed) => {
        if (changed === name) trigger();
      });
      this.watcher.unref();
    } catch (err) {
      this.log(`cannot watch ${this.file} (${(err as Error).message}); reload with SIGHUP`);
    }
    this.onHup = trigger;
    process.on("SIGHUP", trigger);
  }

  close(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.onHup) process.off("SIGHUP", this.onHup);
    this.onHup = null;
  }
}
