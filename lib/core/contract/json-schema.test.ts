import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventV1JsonSchema } from "./json-schema";

describe("event v1 JSON Schema", () => {
  it("matches the committed copy (run scripts/export-schema.ts after changing the contract)", () => {
    const committed = JSON.parse(
      readFileSync(new URL("./event-v1.schema.json", import.meta.url), "utf8"),
    );
    expect(committed).toEqual(eventV1JsonSchema());
  });

  it("describes required fields and closed objects", () => {
    const s = eventV1JsonSchema() as {
      required: string[];
      additionalProperties: unknown;
      properties: Record<string, { enum?: string[] }>;
    };
    expect(s.required).toEqual(
      expect.arrayContaining(["id", "time", "server", "actor", "outcome"]),
    );
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.outcome?.enum).toContain("pending_approval");
  });
});
