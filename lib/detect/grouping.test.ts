import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../db/store/types";
import { activeRules } from "./active-rules";
import { evaluateTenant } from "./engine";
import {
  allFlags,
  eventDoc,
  MIN,
  openTestStore,
  storeEvents,
  T0,
  testBurstRule,
} from "./engine-test-kit";
import { groupByFields, regroup } from "./grouping";
import type { DetectEvent, Finding } from "./types";

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

const config = (groupBy: string[]) => ({
  rule: "denial_burst",
  enabled: true,
  params: {},
  allow: [],
  groupBy,
  enabledAt: null,
  updatedAt: new Date(T0),
  updatedBy: "t",
});

describe("grouping fields of a rule", () => {
  it("accept tool and server once each, and refuse anything else", () => {
    expect(groupByFields.parse(["tool", "server"])).toEqual(["tool", "server"]);
    for (const bad of [["actor"], ["tool", "tool"], ["tool", "server", "x"]])
      expect(groupByFields.safeParse(bad).success).toBe(false);
    const { active, errors } = activeRules([testBurstRule], [config(["session"])]);
    expect(active).toEqual([]);
    expect(errors[0]?.message).toMatch(/grouping fields are invalid.*tool or server/);
  });

  it("key a finding by the one value its evidence has, or * when it spans several", () => {
    const ev = (id: string, tool: string): [string, DetectEvent] => [
      id,
      { id, tool, server: "files" } as DetectEvent,
    ];
    const events = new Map([ev("1", "read"), ev("2", "read"), ev("3", "write")]);
    const f = (evidence: string[]) => ({ groupKey: "actor|bob", evidence }) as Finding;
    const keys = regroup([f(["1", "2"]), f(["2", "3"])], ["tool", "server"], events).map(
      (x) => x.groupKey,
    );
    expect(keys).toEqual([
      "actor|bob\u001ftool=read\u001fserver=files",
      "actor|bob\u001ftool=*\u001fserver=files",
    ]);
    expect(regroup([f(["1"])], [], events)[0]?.groupKey).toBe("actor|bob");
  });

  it("raise one flag per actor by default and one per actor and tool when configured", async () => {
    const flagsWith = async (groupBy: string[]) => {
      await store?.close();
      const opened = await openTestStore();
      store = opened;
      const data = opened.forTenant("acme");
      await data.detection.putRuleConfig(config(groupBy));
      const evaluate = (now: number) =>
        evaluateTenant({ data, now: new Date(now), rules: [testBurstRule] });
      for (let i = 0; i < 5; i++) if ((await evaluate(T0)).caughtUp) break;
      const burst = (tool: string, from: number) =>
        [1, 2, 3].map((s) =>
          eventDoc("acme", `${tool}${s}`, T0 + from + s * 1000, {
            actor: { id: "bob", type: "user" },
            outcome: "denied",
            tool,
          }),
        );
      await storeEvents(opened, burst("read_file", 0));
      await evaluate(T0 + 2 * MIN);
      await storeEvents(opened, burst("delete_file", MIN));
      await evaluate(T0 + 3 * MIN);
      return (await allFlags(opened)).map((f) => f.groupKey).sort();
    };
    expect(await flagsWith([])).toEqual(["actor|bob"]);
    expect(await flagsWith(["tool"])).toEqual([
      "actor|bob\u001ftool=delete_file",
      "actor|bob\u001ftool=read_file",
    ]);
  });
});
