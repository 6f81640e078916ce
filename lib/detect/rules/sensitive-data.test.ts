import { describe, expect, it } from "vitest";
import { DETECTOR_IDS } from "../../core/redact/detectors";
import { stream } from "../testing/events";
import { runRule } from "../testing/run-rule";
import { PERSONAL_TYPES, SECRET_TYPES, sensitiveData } from "./sensitive-data";

const T0 = Date.UTC(2026, 2, 2, 10, 0);
const red = (field: string, type: string, count = 1) => ({ field, type, count });

describe("sensitive_data", () => {
  it("classifies every type the redactor writes", () => {
    for (const id of [...DETECTOR_IDS, "secret_field"])
      expect([...SECRET_TYPES, ...PERSONAL_TYPES]).toContain(id);
  });

  it("flags secrets (high) and personal data (medium) per actor and class, saying where", () => {
    const events = stream()
      .at(T0, {
        server: "github",
        tool: "create_issue",
        redactions: [
          red("arguments.body", "aws_access_key"),
          red("arguments.body", "github_token", 2),
          red("result.content[0].text", "email", 3),
          red("error.message", "phone"),
        ],
      })
      .build();
    const { findings } = runRule(sensitiveData, { events });
    expect(findings).toEqual([
      {
        rule: "sensitive_data",
        subject: { kind: "actor", key: "alice", label: "alice" },
        groupKey: "sensitive_data|actor|alice|secret",
        severity: "high",
        start: T0,
        end: T0,
        observed: {
          redactions: 3,
          in_arguments: 3,
          in_result: 0,
          in_other_fields: 0,
          aws_access_key: 1,
          github_token: 2,
        },
        baseline: null,
        sentence:
          "alice's call to github/create_issue carried 3 secrets (aws_access_key ×1, github_token ×2) in its arguments; they were redacted before storage.",
        evidence: ["e1"],
      },
      {
        rule: "sensitive_data",
        subject: { kind: "actor", key: "alice", label: "alice" },
        groupKey: "sensitive_data|actor|alice|personal",
        severity: "medium",
        start: T0,
        end: T0,
        observed: {
          redactions: 4,
          in_arguments: 0,
          in_result: 3,
          in_other_fields: 1,
          email: 3,
          phone: 1,
        },
        baseline: null,
        sentence:
          "alice's call to github/create_issue carried 4 personal data items (email ×3, phone ×1) in its result and other fields; they were redacted before storage.",
        evidence: ["e1"],
      },
    ]);
  });

  it("does not fire without redactions, on unknown types, or where it was told not to look", () => {
    const events = stream()
      .at(T0, {})
      .at(T0 + 1, { redactions: [red("arguments.x", "employee_id", 4)] })
      .at(T0 + 2, { redactions: [red("result.x", "email")] })
      .build();
    expect(runRule(sensitiveData, { events, params: { where: ["arguments"] } }).findings).toEqual(
      [],
    );
    // A tenant's own pattern counts once it is classified.
    const custom = runRule(sensitiveData, {
      events,
      params: { personalTypes: [...PERSONAL_TYPES, "employee_id"] },
    }).findings;
    expect(custom.map((f) => [f.evidence[0], f.observed.redactions])).toEqual([
      ["e2", 4],
      ["e3", 1],
    ]);
  });

  it("skips internal events and allow-listed actors; a hostile field path is only a path", () => {
    const events = stream()
      .at(T0, { internal: true, redactions: [red("arguments.password", "secret_field")] })
      .at(T0 + 1, { actorId: "svc", redactions: [red("arguments.password", "secret_field")] })
      .at(T0 + 2, { actorId: "bob", redactions: [red(`resultx${"]".repeat(100_000)}`, "jwt")] })
      .build();
    const { findings } = runRule(sensitiveData, { events, allow: ["svc"] });
    expect(findings.map((f) => [f.subject.key, f.observed.in_other_fields])).toEqual([["bob", 1]]);
  });

  it("gives the same findings in one window or per minute", () => {
    const b = stream();
    for (let i = 0; i < 500; i++)
      b.at(T0 + i * 7000, {
        actorId: `u${i % 5}`,
        redactions: i % 3 === 0 ? [red("arguments.a", i % 2 ? "email" : "jwt")] : [],
      });
    const events = b.build();
    const whole = runRule(sensitiveData, { events, windowMs: 24 * 3600_000 }).findings;
    expect(whole.length).toBe(167);
    expect(runRule(sensitiveData, { events, windowMs: 60_000 }).findings).toEqual(whole);
  });
});
