import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../guard/src/policy/load";
import { grantsOfPolicy } from "./policy-grants";

// Policies go through Guard's own parser first: the grants are read from what Guard registers.
const policy = (yaml: string) => parsePolicy(yaml);

describe("grantsOfPolicy", () => {
  it("expands allow rules per tool and principal, with the tools' sensitivity", () => {
    const grants = grantsOfPolicy(
      policy(`
version: 1
id: mem
server: { name: memory }
tools:
  delete_entities: { sensitive: true, classification: restricted }
  read_graph: { classification: public }
rules:
  - { id: readers, effect: allow, roles: [analyst, ops], tools: [read_graph, search_nodes] }
  - { id: alice-delete, effect: allow, actors: [alice], roles: [ops], tools: [delete_entities] }
  - { id: no-delete, effect: deny, tools: [delete_entities] }
`),
    );
    expect(grants).toEqual([
      {
        server: "memory",
        tool: "read_graph",
        principal: { kind: "role", id: "analyst" },
        ruleId: "readers",
        sensitive: false,
        classification: "public",
      },
      {
        server: "memory",
        tool: "read_graph",
        principal: { kind: "role", id: "ops" },
        ruleId: "readers",
        sensitive: false,
        classification: "public",
      },
      {
        server: "memory",
        tool: "search_nodes",
        principal: { kind: "role", id: "analyst" },
        ruleId: "readers",
        sensitive: false,
        classification: null,
      },
      {
        server: "memory",
        tool: "search_nodes",
        principal: { kind: "role", id: "ops" },
        ruleId: "readers",
        sensitive: false,
        classification: null,
      },
      // Actors named: the grant is theirs (the role only narrows it); deny rules grant nothing.
      {
        server: "memory",
        tool: "delete_entities",
        principal: { kind: "actor", id: "alice" },
        ruleId: "alice-delete",
        sensitive: true,
        classification: "restricted",
      },
    ]);
  });

  it("keeps globs as globs, privileged when they cover a sensitive or classified tool", () => {
    const grants = grantsOfPolicy(
      policy(`
version: 1
id: p
server: { name: memory }
tools:
  create_entities: { approval: true }
  create_relations: { classification: confidential }
  read_graph: {}
rules:
  - { id: writers, effect: allow, actors: [bot], tools: ["create_*"] }
  - { id: all, effect: allow }
  - { id: held, effect: escalate, roles: [intern], tools: [read_graph] }
`),
    );
    expect(
      grants.map((g) => [g.ruleId, g.tool, g.principal.kind, g.sensitive, g.classification]),
    ).toEqual([
      ["writers", "create_*", "actor", true, "confidential"],
      ["all", "*", "any", true, "confidential"],
      // Escalated calls are granted once approved: privileged.
      ["held", "read_graph", "role", true, null],
    ]);
  });

  it("leaves out rules that cannot apply on this server or to tool calls", () => {
    const doc = policy(`
version: 1
id: p
server: { name: memory }
tools:
  secret_tool: { classification: restricted }
  open_tool: { classification: public }
rules:
  - { id: other-server, effect: allow, servers: ["files*"], tools: [read_graph] }
  - { id: this-server, effect: allow, servers: ["mem*"], tools: [read_graph] }
  - { id: resources, effect: allow, methods: [resources/read] }
  - { id: capped, effect: allow, tools: [secret_tool, open_tool], max_classification: internal }
`);
    expect(grantsOfPolicy(doc).map((g) => `${g.ruleId}:${g.tool}`)).toEqual([
      "this-server:read_graph",
      "capped:open_tool",
    ]);
    // The server a version was registered for wins over the file's own name.
    expect(grantsOfPolicy(doc, { server: "files-a" }).map((g) => g.ruleId)).toEqual([
      "other-server",
      "capped",
    ]);
  });

  it("reads documents of other Guard versions (unknown keys) and refuses non-policies", () => {
    expect(
      grantsOfPolicy({
        version: 1,
        id: "future",
        future_section: { x: 1 },
        rules: [{ id: "r", effect: "allow", tools: ["t"], future_condition: true }],
      }),
    ).toEqual([
      {
        server: "",
        tool: "t",
        principal: { kind: "any", id: "" },
        ruleId: "r",
        sensitive: false,
        classification: null,
      },
    ]);
    expect(grantsOfPolicy({ version: 1, id: "empty" })).toEqual([]);
    expect(() => grantsOfPolicy({ rules: "nope" })).toThrow(/not a Guard policy: version/);
    expect(() => grantsOfPolicy(null)).toThrow(/not a Guard policy/);
  });
});
