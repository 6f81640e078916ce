import type { QuarantineRow } from "../../db/store/types";
import { TooltrailError } from "../../lib/core/errors";
import type { PreparedEvent } from "../prepare/prepare";
import type { Submission, SubmitResult } from "./seal-group";

/** Too many events wait for their group; the client retries shortly (answered 503). */
export class OverloadedError extends TooltrailError {
  constructor(message: string) {
    super("overloaded", message);
  }
}

/** The store (or the spool standing in for it) cannot take the write, or the server is stopping. */
export class StoreUnavailableError extends TooltrailError {
  constructor(message: string) {
    super("unavailable", message);
  }
}

export type GroupQueueOptions = {
  /** A group closes at this many events, or after `maxWaitMs`, whichever comes first. */
  maxEvents: number;
  maxWaitMs: number;
  /** Events waiting beyond which new requests are refused (bounded memory). */
  maxPendingEvents: number;
  /** What the waiting events wait for, in the overload message ("stored", "sealed"). */
  waitingFor: string;
  /** `bounded`: a group takes at most `maxEvents` (one transaction each); `all`: everything. */
  take: "bounded" | "all";
  /** Handles one group; it settles each submission's `done`. */
  run(group: Submission[]): Promise<void>;
};

/**
 * The group-commit queue both committers share: concurrent requests wait together until a group
 * fills or its timer fires, and one group runs at a time; requests that arrive meanwhile form
 * the next group as soon as it ends. A request counts as waiting until its group has run.
 */
export class GroupQueue {
  private pending: Submission[] = [];
  private waiting = 0;
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private refusing: string | null = null;

  constructor(private readonly o: GroupQueueOptions) {}

  get pendingEvents(): number {
    return this.waiting;
  }

  /** The group under way, if any. */
  get running(): Promise<void> | null {
    return this.current;
  }

  get idle(): boolean {
    return this.pending.length === 0 && this.current === null;
  }

  /** From now on submissions are refused with this reason (shutdown). */
  refuse(reason: string): void {
    this.refusing = reason;
  }

  submit(
    tenantId: string,
    events: PreparedEvent[],
    quarantine: QuarantineRow[],
  ): Promise<SubmitResult> {
    if (this.refusing !== null) return Promise.reject(new StoreUnavailableError(this.refusing));
    if (this.waiting + events.length > this.o.maxPendingEvents) {
      return Promise.reject(
        new OverloadedError(`${this.waiting} events are waiting to be ${this.o.waitingFor}`),
      );
    }
    return new Promise((resolve, reject) => {
      this.pending.push({ tenantId, events, quarantine, done: { resolve, reject } });
      this.waiting += events.length;
      if (this.waiting >= this.o.maxEvents) this.kick();
      else this.timer ??= setTimeout(() => this.kick(), this.o.maxWaitMs);
    });
  }

  /** Starts the next group now, unless one is under way or nothing waits. */
  kick(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.current || this.pending.length === 0) return;
    const group = this.takeGroup();
    const n = group.reduce((k, s) => k + s.events.length, 0);
    this.current = this.o.run(group).finally(() => {
      this.waiting -= n;
      this.current = null;
      if (this.pending.length > 0) this.kick();
    });
  }

  /** Runs groups until nothing waits and none is under way. */
  async drain(): Promise<void> {
    while (!this.idle) {
      this.kick();
      await this.current;
    }
  }

  private takeGroup(): Submission[] {
    if (this.o.take === "all") return this.pending.splice(0, this.pending.length);
    const group: Submission[] = [];
    let n = 0;
    while (
      this.pending.length > 0 &&
      (n === 0 || n + (this.pending[0]?.events.length ?? 0) <= this.o.maxEvents)
    ) {
      const s = this.pending.shift() as Submission;
      n += s.events.length;
      group.push(s);
    }
    return group;
  }
}
