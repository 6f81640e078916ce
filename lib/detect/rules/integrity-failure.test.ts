import { describe, expect, it } from "vitest";
import { stream } from "../testing/events";
import { runRule } from "../testing/run-rule";
import { INTEGRITY_VERIFIED, integrityFailure } from "./integrity-failure";

const T0 = Date.UTC(2026, 2, 2, 10, 0);
const verified = { internal: true, server: "tooltrail-dashboard", tool: INTEGRITY_VERIFIED };

describe("integrity_failure", () => {
  it("flags a failed verification as critical, with its summary and figures", () => {
    const events = stream()
      .at(T0, { ...verified, outcome: "ok", argValues: ["0 findings"] })
      .at(T0 + 1000, {
        ...verified,
        outcome: "error",
        actorId: "operator:ops@host",
        argValues: ["3 findings: 2 altered, 1 deleted", "3"],
      })
      .build();
    const { findings } = runRule(integrityFailure, { events });
    expect(findings).toEqual([
      {
        rule: "integrity_failure",
        subject: { kind: "tenant", key: "integrity", label: "the tenant's audit trail" },
        groupKey: "integrity_failure|tenant|integrity",
        severity: "critical",
        start: T0 + 1000,
        end: T0 + 1000,
        observed: { failed_verifications: 1, findings: 3 },
        baseline: null,
        sentence:
          "Integrity verification run by operator:ops@host failed: 3 findings: 2 altered, 1 deleted. Stored evidence no longer matches its sealed batches; run `tooltrail verify` for the list and treat it as an incident.",
        evidence: ["e2"],
      },
    ]);
  });

  it("reads only Tooltrail's own events: a client's look-alike and other internal actions are ignored", () => {
    const events = stream()
      .at(T0, { ...verified, internal: false, outcome: "error", argValues: ["9 findings"] })
      .at(T0 + 1, { ...verified, tool: "key.revoked", outcome: "error" })
      .at(T0 + 2, { ...verified, outcome: "denied" })
      .build();
    expect(runRule(integrityFailure, { events }).findings).toEqual([]);
  });

  it("says so when no summary was recorded; the same in one window or many", () => {
    const b = stream();
    for (let i = 0; i < 50; i++)
      b.at(T0 + i * 45_000, { ...verified, outcome: i % 10 === 0 ? "error" : "ok" });
    const events = b.build();
    const whole = runRule(integrityFailure, { events, windowMs: 24 * 3600_000 }).findings;
    expect(whole).toHaveLength(5);
    expect(whole[0]?.sentence).toContain("failed: no details recorded.");
    expect(whole[0]?.observed).toEqual({ failed_verifications: 1 });
    expect(runRule(integrityFailure, { events, windowMs: 60_000 }).findings).toEqual(whole);
  });
});
