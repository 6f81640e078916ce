import { describe, expect, it } from "vitest";
import { z } from "zod";
import { RULE_IDS } from "../types";
import { RULES } from "./index";

/** What every rule owes the engine, the settings page and the docs. */
describe("the rule registry", () => {
  const entries = RULE_IDS.map((id) => [id, RULES[id]] as const);

  it("holds every rule id, each rule under its own id", () => {
    expect(Object.keys(RULES).sort()).toEqual([...RULE_IDS].sort());
    for (const [id, rule] of entries) expect(rule.id).toBe(id);
  });

  it.each(entries)(
    "%s: every parameter has a default and a description; state is JSON",
    (_, rule) => {
      const schema = rule.params as unknown as z.ZodObject;
      expect(schema).toBeInstanceOf(z.ZodObject);
      expect(() => rule.params.parse({})).not.toThrow();
      for (const [name, field] of Object.entries(schema.shape)) {
        expect(field, name).toBeInstanceOf(z.ZodDefault);
        expect((field as z.ZodType).description, name).toBeTruthy();
      }
      const state = rule.initialState();
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      expect(rule.title.length).toBeGreaterThan(0);
      expect(rule.description.length).toBeGreaterThan(40);
    },
  );
});
