import { describe, expect, it } from "vitest";
import type { PreparedEvent } from "../prepare/prepare";
import { GroupQueue, OverloadedError, StoreUnavailableError } from "./group-queue";
import type { Submission } from "./seal-group";

const events = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `e${i}` })) as PreparedEvent[];

/** A queue whose groups each wait until the test lets the oldest running one finish. */
function queue(take: "bounded" | "all", maxEvents = 10, maxPendingEvents = 100) {
  const groups: number[][] = [];
  const gates: (() => void)[] = [];
  const q = new GroupQueue({
    maxEvents,
    maxWaitMs: 60_000,
    maxPendingEvents,
    waitingFor: "stored",
    take,
    async run(group: Submission[]) {
      groups.push(group.map((s) => s.events.length));
      await new Promise<void>((r) => gates.push(r));
      for (const s of group)
        s.done?.resolve({ accepted: s.events.length, duplicates: 0, spooled: false });
    },
  });
  return {
    q,
    groups,
    /** Lets the group under way finish, and waits until the queue has moved on. */
    async open() {
      const running = q.running;
      gates.shift()?.();
      await running;
    },
  };
}

describe("group-commit queue", () => {
  it("closes a group at maxEvents and forms the next one from what arrived meanwhile", async () => {
    const { q, groups, open } = queue("bounded", 10);
    const a = q.submit("t", events(6), []);
    const b = q.submit("t", events(6), []); // 12 waiting: the first group starts with 6 (6+6 > 10)
    const c = q.submit("t", events(3), []);
    expect(groups).toEqual([[6]]);
    await open();
    await a;
    await open();
    await Promise.all([b, c]);
    expect(groups).toEqual([[6], [6, 3]]);
    expect(q.pendingEvents).toBe(0);
  });

  it("takes everything waiting when asked to", async () => {
    const { q, groups, open } = queue("all", 4);
    const first = q.submit("t", events(4), []);
    const rest = [q.submit("t", events(5), []), q.submit("u", events(7), [])];
    await open();
    await first;
    await open();
    await Promise.all(rest);
    expect(groups).toEqual([[4], [5, 7]]);
  });

  it("counts a running group as waiting and refuses beyond the bound", async () => {
    const { q, open } = queue("bounded", 5, 8);
    const a = q.submit("t", events(5), []); // runs, still counted until it ends
    await expect(q.submit("t", events(4), [])).rejects.toThrow(OverloadedError);
    await expect(q.submit("t", events(4), [])).rejects.toThrow("5 events are waiting to be stored");
    await open();
    await a;
    await expect(Promise.race([q.submit("t", events(4), []), "queued"])).resolves.toBe("queued");
  });

  it("drains what waits, then refuses once told to", async () => {
    const { q, groups, open } = queue("bounded", 100);
    const a = q.submit("t", events(2), []);
    const drained = q.drain();
    await new Promise((r) => setImmediate(r));
    await open();
    await Promise.all([a, drained]);
    expect(groups).toEqual([[2]]);
    q.refuse("the server is shutting down");
    await expect(q.submit("t", events(1), [])).rejects.toThrow(StoreUnavailableError);
  });
});
