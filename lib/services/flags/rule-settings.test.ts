import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES } from "../../auth/roles";
import { hasCode } from "../../core/errors";
import { RULES } from "../../detect/rules/index";
import { configureRule } from "./configure-rule";
import { type FlagsWorld, NOW, openFlagsWorld } from "./flags-fixture";
import { resolveFlag } from "./resolve-flag";
import { readRuleSettings } from "./rule-settings";

/** Rule configuration: checked by each rule's own schema, enabling records when, every change audited. */
describe("rule settings (PGlite)", () => {
  let w: FlagsWorld;
  beforeAll(async () => {
    w = await openFlagsWorld();
  });
  afterAll(async () => w?.close());
  const err = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => e,
    );
  const rule = "exfil_sequence";

  it("lists every available rule with its defaults, fields and resolution counts", async () => {
    const [f] = await w.seedFlags("acme", [{ rule }]);
    await resolveFlag({
      ctx: await w.ctxAs("owner"),
      input: { id: f?.id ?? "", reason: "false_positive", note: "backup" },
    });
    const settings = await readRuleSettings({ ctx: await w.ctxAs("auditor") });
    expect(settings.map((s) => s.id).sort()).toEqual(Object.keys(RULES).sort());
    const s = settings.find((x) => x.id === rule);
    expect(s?.enabled).toBe(RULES[rule]?.enabledByDefault);
    expect(s?.params.windowMinutes).toBe(30);
    expect(s?.fields.find((x) => x.name === "windowMinutes")).toMatchObject({
      kind: "integer",
      min: 1,
      max: 1440,
    });
    expect(s?.resolutions.false_positive).toBe(1);
    expect(
      hasCode(await err(readRuleSettings({ ctx: await w.ctxAs("viewer") })), "forbidden"),
    ).toBe(true);
  });

  it("sets parameters, allow-list and enablement; enabling records when, so the engine backfills", async () => {
    const ctx = await w.ctxAs("admin");
    w.audited.length = 0;
    await configureRule({ ctx, input: { rule, enabled: false } });
    const on = await configureRule({
      ctx,
      input: {
        rule,
        enabled: true,
        params: { windowMinutes: 45 },
        allow: [" svc-backup ", "svc-backup", "ci-bot"],
      },
    });
    expect(on).toMatchObject({
      enabled: true,
      params: { windowMinutes: 45 },
      allow: ["svc-backup", "ci-bot"],
      enabledAt: NOW,
      updatedBy: w.users.admin,
    });
    const s = (await readRuleSettings({ ctx })).find((x) => x.id === rule);
    expect(s).toMatchObject({
      enabled: true,
      customised: ["windowMinutes"],
      allow: ["svc-backup", "ci-bot"],
    });
    expect(s?.params.windowMinutes).toBe(45);
    expect(
      w.audited.map((a) => a.action).filter((a) => a.action !== "detection.rules_view"),
    ).toEqual([
      { action: "detection.rule_configured", details: { rule, enabled: false } },
      {
        action: "detection.rule_configured",
        details: {
          rule,
          enabled: true,
          params: { windowMinutes: 45 },
          allow: ["svc-backup", "ci-bot"],
        },
      },
    ]);
  });

  it("names a bad parameter in words and refuses unknown ones and unknown rules", async () => {
    const ctx = await w.ctxAs("owner");
    w.audited.length = 0;
    const bad = await err(configureRule({ ctx, input: { rule, params: { windowMinutes: 0 } } }));
    expect(hasCode(bad, "invalid-input")).toBe(true);
    expect(String(bad)).toMatch(/How long after a sensitive read .* \(windowMinutes\): /);
    expect(
      String(await err(configureRule({ ctx, input: { rule, params: { windowMinutes: "soon" } } }))),
    ).toMatch(/\(windowMinutes\)/);
    expect(
      String(await err(configureRule({ ctx, input: { rule, params: { speed: 1 } } }))),
    ).toMatch(/has no parameter speed; its parameters are windowMinutes/);
    expect(String(await err(configureRule({ ctx, input: { rule: "warp_drive" } })))).toMatch(
      /rule: is not a rule/,
    );
    expect(w.audited).toEqual([]);
  });

  it("sets a rule's grouping fields, and refuses one that is not tool or server", async () => {
    const ctx = await w.ctxAs("owner");
    w.audited.length = 0;
    const groupBy = ["session"] as unknown as ["tool"];
    const bad = await err(configureRule({ ctx, input: { rule, groupBy } }));
    expect(hasCode(bad, "invalid-input")).toBe(true);
    expect(String(bad)).toMatch(/use tool or server/);
    const set = await configureRule({ ctx, input: { rule, groupBy: ["tool", "server"] } });
    expect(set.groupBy).toEqual(["tool", "server"]);
    expect(w.audited.map((a) => a.action)).toMatchObject([
      { details: { rule, group_by: ["tool", "server"] } },
    ]);
    // Other changes keep them.
    expect((await configureRule({ ctx, input: { rule, allow: ["svc"] } })).groupBy).toEqual([
      "tool",
      "server",
    ]);
  });

  it("refuses roles without detection:configure and keeps tenants apart", async () => {
    for (const role of ROLES.filter((r) => r !== "owner" && r !== "admin"))
      expect(
        hasCode(
          await err(configureRule({ ctx: await w.ctxAs(role), input: { rule, enabled: false } })),
          "forbidden",
        ),
        role,
      ).toBe(true);
    await configureRule({
      ctx: await w.ctxAs("owner", "globex"),
      input: { rule, params: { windowMinutes: 5 } },
    });
    const acme = (await readRuleSettings({ ctx: await w.ctxAs("owner") })).find(
      (x) => x.id === rule,
    );
    expect(acme?.params.windowMinutes).toBe(45);
  });
});
