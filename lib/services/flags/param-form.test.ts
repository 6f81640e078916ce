import { describe, expect, it } from "vitest";
import { RULES } from "../../detect/rules/index";
import { paramFields } from "./param-fields";
import { paramsFromForm } from "./param-form";

/** The settings form round trip: a field left at its default is not stored as a choice. */
describe("paramsFromForm", () => {
  const rule = RULES.exfil_sequence;
  const fields = paramFields(rule?.params ?? RULES.volume_spike.params);
  const form = (v: Record<string, string[]>) => (n: string) => v[n] ?? [];

  it("keeps only what differs from the defaults, by kind", () => {
    const defaults = rule?.params.parse({}) as Record<string, unknown>;
    const same = form({
      "p.windowMinutes": [String(defaults.windowMinutes)],
      "p.egressTools": [(defaults.egressTools as string[]).join("\n")],
      "p.sensitiveClassifications": defaults.sensitiveClassifications as string[],
      "p.resultRedactions": ["on"],
      "p.actorWithoutSession": ["on"],
    });
    expect(paramsFromForm(fields, same)).toEqual({});
    const changed = form({
      "p.windowMinutes": ["45"],
      "p.egressTools": [" http \n\n upload "],
      "p.sensitiveClassifications": ["restricted"],
      "p.actorWithoutSession": ["on"],
    });
    expect(paramsFromForm(fields, changed)).toEqual({
      windowMinutes: 45,
      egressTools: ["http", "upload"],
      sensitiveClassifications: ["restricted"],
      resultRedactions: false,
    });
  });

  it("leaves a non-number as text for the schema to refuse by name", () => {
    expect(
      paramsFromForm(
        fields,
        form({
          "p.windowMinutes": ["soon"],
          "p.resultRedactions": ["on"],
          "p.actorWithoutSession": ["on"],
          "p.sensitiveClassifications": ["confidential", "restricted"],
          "p.egressTools": [""],
        }),
      ).windowMinutes,
    ).toBe("soon");
  });
});
