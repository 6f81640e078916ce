import { describe, expect, it } from "vitest";
import { readsByActor } from "./ch-raw-source";

describe("the raw source of a ClickHouse read", () => {
  const range = { from: new Date(0), to: new Date(3_600_000) };

  it("reads events_by_actor when actors are named and every other term is one of its columns", () => {
    expect(readsByActor({ ...range, actor: ["a"] })).toBe(true);
    expect(readsByActor({ actor: ["a"], server: ["s"], client: ["c"], outcome: ["ok"] })).toBe(
      true,
    );
    for (const by of ["tool", "server", "client", "agent", "outcome", "policy"] as const)
      expect(readsByActor({ actor: ["a"] }, [by]), by).toBe(true);
  });

  it("reads events without actors, or with a term the narrow copy has no column for", () => {
    expect(readsByActor(range)).toBe(false);
    expect(readsByActor({ actor: [] })).toBe(false);
    expect(readsByActor({ actor: ["a"], classification: ["public"] })).toBe(false);
    expect(readsByActor({ actor: ["a"], session: "s" })).toBe(false);
    expect(readsByActor({ actor: ["a"], trace: "t" })).toBe(false);
    expect(readsByActor({ actor: ["a"], text: "x" })).toBe(false);
    expect(readsByActor({ actor: ["a"] }, ["classification"])).toBe(false);
    // An empty list narrows nothing, as in every other read.
    expect(readsByActor({ actor: ["a"], classification: [] })).toBe(true);
  });
});
