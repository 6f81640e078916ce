import { describe, expect, it } from "vitest";
import { Authorizer } from "./evaluate";
import { PolicyError, parsePolicy } from "./load";

function problems(text: string): string[] {
  try {
    parsePolicy(text, "p.yaml");
  } catch (err) {
    expect(err).toBeInstanceOf(PolicyError);
    return (err as PolicyError).problems;
  }
  throw new Error("the policy was accepted");
}

describe("policy files", () => {
  it("reports YAML syntax errors with their line", () => {
    expect(problems("version: 1\nid: x\nrules:\n  - id: a\n   effect: allow\n")[0]).toMatch(
      /^p\.yaml:5:\d+: /,
    );
  });

  it("locates schema errors at the offending value", () => {
    const p = problems(`version: 1
id: x
rules:
  - id: ok
    effect: allow
  - id: bad
    effect: permit
`);
    expect(p).toEqual([expect.stringMatching(/^p\.yaml:7:13: rules\.1\.effect: Invalid option/)]);
  });

  it("names misspelt keys at their line instead of ignoring them", () => {
    const p = problems("version: 1\nid: x\nrules:\n  - id: a\n    effect: allow\n    tool: [rm]\n");
    expect(p).toEqual([expect.stringMatching(/^p\.yaml:6:5: rules\.0: Unrecognized key.*"tool"/)]);
  });

  it("rejects duplicate keys, duplicate rule ids, missing fields and unsafe patterns", () => {
    expect(problems("version: 1\nid: x\nid: y\n")[0]).toMatch(/^p\.yaml:3:1: .*unique/i);
    expect(
      problems("version: 1\nid: x\nrules: [{id: a, effect: allow}, {id: a, effect: deny}]\n")[0],
    ).toMatch(/duplicate rule id "a"/);
    expect(problems("version: 1\n")[0]).toMatch(/^p\.yaml:1:1: id: /);
    expect(
      problems("version: 1\nid: x\ntools: { q: { args: { s: { pattern: '(a+)+$' } } } }\n")[0],
    ).toMatch(/tools\.q\.args\.s\.pattern: pattern may backtrack catastrophically/);
    expect(problems("version: 1\nid: x\noutput: { redaction: { disabled: [nope] } }\n")[0]).toMatch(
      /unknown detector "nope"/,
    );
    expect(problems("- just\n- a list\n")[0]).toMatch(/must be a mapping/);
    expect(
      problems(
        "version: 1\nid: x\nrules: [{ id: a, effect: allow, time: { from: '25:00', to: '18:00' } }]\n",
      )[0],
    ).toMatch(/HH:MM/);
  });

  it("refuses alias bombs instead of expanding them", () => {
    const bomb = ["version: 1", "id: x", "a: &a [x,x,x,x,x,x,x,x,x,x]"];
    for (let i = 0; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    expect(() => parsePolicy(bomb.join("\n"), "p.yaml")).toThrow(PolicyError);
  });

  it("accepts JSON", () => {
    expect(parsePolicy('{"version": 1, "id": "j", "rules": []}').id).toBe("j");
  });
});

describe("authorization", () => {
  const policy = parsePolicy(`
version: 1
id: pol
tools:
  secrets_dump: { classification: restricted }
rules:
  - id: office-hours
    effect: allow
    roles: [dev]
    tools: ["read_*"]
    time: { days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00", tz: Europe/Paris }
    where: { path: { prefix: [/srv/data] } }
  - { id: low-class, effect: allow, roles: [dev], tools: ["*"], max_classification: internal }
`);
  const a = new Authorizer(policy);
  const dev = { id: "d", type: "user" as const, roles: ["dev"] };
  const base = { identity: dev, server: "s", method: "tools/call" };
  const tue10 = new Date("2026-03-03T09:00:00Z"); // 10:00 in Paris
  const sat10 = new Date("2026-03-07T09:00:00Z");

  it("applies time windows in the policy's time zone", () => {
    expect(
      a.decide({ ...base, tool: "read_x", args: { path: "/srv/data/a" }, now: tue10 }).rule_id,
    ).toBe("office-hours");
    expect(
      a.decide({ ...base, tool: "read_x", args: { path: "/srv/data/a" }, now: sat10 }).rule_id,
    ).toBe("low-class");
  });

  it("normalises paths before prefix checks", () => {
    expect(
      a.decide({
        ...base,
        tool: "read_x",
        args: { path: "/srv/data/../../etc/passwd" },
        now: tue10,
      }).rule_id,
    ).toBe("low-class");
    expect(
      a.decide({ ...base, tool: "read_x", args: { path: "/srv/database" }, now: tue10 }).rule_id,
    ).toBe("low-class");
  });

  it("does not let a missing argument satisfy a condition on it", () => {
    expect(
      a.decide({ ...base, tool: "read_x", args: { paths: ["/etc/passwd"] }, now: tue10 }).rule_id,
    ).toBe("low-class");
  });

  it("denies by default and by classification", () => {
    expect(a.decide({ ...base, tool: "secrets_dump", args: {}, now: tue10 })).toMatchObject({
      verdict: "deny",
      rule_id: "default-deny",
    });
    expect(
      a.decide({ ...base, identity: { ...dev, roles: [] }, tool: "read_x", args: {}, now: tue10 })
        .verdict,
    ).toBe("deny");
  });
});
