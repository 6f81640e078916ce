import { describe, expect, it } from "vitest";
import type { EventV1 } from "../contract";
import { compileRedactionPolicy, DEFAULT_POLICY, redactionConfigSchema } from "./policy";
import { redactEvent } from "./redact-event";
import { redactJson } from "./redact-json";
import { redactText } from "./redact-text";

const red = (s: string) => redactText(s, DEFAULT_POLICY);

describe("detectors find secrets and personal data", () => {
  it.each([
    ["aws_access_key", "key AKIAIOSFODNN7EXAMPLE here"],
    ["github_token", "token ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"],
    [
      "github_token",
      "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW",
    ],
    ["gitlab_token", "glpat-AbCdEfGhIjKlMnOpQrSt"],
    ["slack_token", "xoxb-123456789012-1234567890123-AbCdEfGhIjKl"],
    ["stripe_key", "sk_live_4eC39HqLyjWDarjtT1zdp7dc"],
    ["anthropic_key", "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz012345"],
    ["openai_key", "sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz012345"],
    ["google_api_key", "AIzaSyA-1234567890abcdefghijklmnopqrstu"],
    [
      "jwt",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ],
    ["card_number", "card 4111 1111 1111 1111 exp 12/30"],
    ["card_number", "amex 378282246310005"],
    ["email", "write to jane.doe@customer.example please"],
    ["iban", "IBAN GB82 WEST 1234 5698 7654 32"],
    ["iban", "DE89370400440532013000"],
    ["us_ssn", "ssn 123-45-6789"],
    ["uk_nino", "NI number JG 10 37 86 A"],
    ["phone", "call +44 20 7946 0958"],
    ["phone", "call +1 (415) 555-0132"],
  ])("%s in %j", (type, text) => {
    const r = red(text);
    expect(r.counts).toEqual({ [type]: 1 });
    expect(r.text).toContain(`[REDACTED:${type}]`);
  });

  it("removes a whole PEM private key block", () => {
    const pem =
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\nabc\n-----END RSA PRIVATE KEY-----";
    expect(red(`before ${pem} after`)).toEqual({
      text: "before [REDACTED:private_key] after",
      counts: { private_key: 1 },
    });
  });

  it("replaces only the password of a URL and only the token after Bearer", () => {
    expect(red("postgres://app:S3cretPassw0rd@db.internal:5432/orders").text).toBe(
      "postgres://app:[REDACTED:url_password]@db.internal:5432/orders",
    );
    expect(red("Authorization: Bearer abcdefghijklmnop0123456789").text).toBe(
      "Authorization: Bearer [REDACTED:bearer_token]",
    );
  });

  it.each([
    ["Luhn-invalid card", "4111 1111 1111 1112"],
    ["mixed separators", "4111-1111 1111 1111"],
    ["ISO timestamp", "2026-03-01T10:00:00.123Z"],
    ["UUID", "123e4567-e89b-12d3-a456-426614174000"],
    ["git SHA", "9fceb02d0ae598e95dc970b74767f19372d61af8"],
    ["semver", "version 1.22.333"],
    ["plain integer", "order 12345678901234"],
    ["IBAN with bad check digits", "GB83 WEST 1234 5698 7654 32"],
    ["SSN area 000", "000-12-3456"],
    ["SSN area 666", "666-12-3456"],
    ["sk- in prose", "we use sk-learn and sk-image"],
    ["email without a dot in the domain", "user@localhost"],
    ["phone without country code", "call 415 555 0132"],
    ["short Bearer word", "the bearer of news"],
    ["URL with a handle, no password", "https://social.example/@user/posts"],
  ])("leaves alone: %s", (_name, text) => {
    expect(red(text)).toEqual({ text, counts: {} });
  });
});

describe("JSON and events", () => {
  it("redacts values under sensitive keys whatever they look like, nested in arrays", () => {
    const input = {
      db: { password: "hunter2", host: "db" },
      items: [{ apiKey: 42 }, { name: "x" }],
      "X-Auth-Token": "abc",
    };
    const r = redactJson(input, DEFAULT_POLICY);
    expect(r.value).toEqual({
      db: { password: "[REDACTED:secret_field]", host: "db" },
      items: [{ apiKey: "[REDACTED:secret_field]" }, { name: "x" }],
      "X-Auth-Token": "[REDACTED:secret_field]",
    });
    expect(r.redactions.map((x) => x.field).sort()).toEqual([
      "arguments.X-Auth-Token",
      "arguments.db.password",
      "arguments.items[0].apiKey",
    ]);
    expect(input.db.password).toBe("hunter2");
  });

  it("counts several findings of one type in one field", () => {
    const r = redactJson({ note: "a@b.example and c@d.example" }, DEFAULT_POLICY);
    expect(r.redactions).toEqual([
      { field: "arguments.note", type: "email", count: 2, by: "tooltrail" },
    ]);
  });

  const event: EventV1 = {
    id: "e",
    time: "2026-03-01T10:00:00.000Z",
    server: { name: "s" },
    method: "tools/call",
    tool: "t",
    actor: { id: "a", email: "alice@acme.example" },
    outcome: "error",
    arguments: { q: "select 1" },
    error: { message: "failed for AKIAIOSFODNN7EXAMPLE" },
    labels: { owner: "bob@acme.example" },
    redactions: [{ field: "result", type: "email", count: 3, by: "guard" }],
  };

  it("redacts arguments, error message and labels, keeps the source's entries and the actor's identity", () => {
    const r = redactEvent(event, DEFAULT_POLICY);
    expect(r.error?.message).toBe("failed for [REDACTED:aws_access_key]");
    expect(r.labels).toEqual({ owner: "[REDACTED:email]" });
    expect(r.actor.email).toBe("alice@acme.example");
    expect(r.redactions).toEqual([
      { field: "result", type: "email", count: 3, by: "guard" },
      { field: "error.message", type: "aws_access_key", count: 1, by: "tooltrail" },
      { field: "labels.owner", type: "email", count: 1, by: "tooltrail" },
    ]);
    expect(event.error?.message).toBe("failed for AKIAIOSFODNN7EXAMPLE");
  });

  it("returns the same event when nothing is sensitive", () => {
    const clean: EventV1 = { ...event, error: { message: "timeout" }, labels: { env: "prod" } };
    expect(redactEvent(clean, DEFAULT_POLICY)).toBe(clean);
  });
});

describe("per-tenant configuration", () => {
  it("disables a detector, adds a custom pattern and sensitive key, and honours the allowlist", () => {
    const policy = compileRedactionPolicy(
      redactionConfigSchema.parse({
        disabled: ["email"],
        custom: [{ id: "employee_id", pattern: "EMP-\\d{6}" }],
        extraSensitiveKeys: ["ssn_last4"],
        allowlist: ["AKIAIOSFODNN7EXAMPLE"],
      }),
    );
    expect(redactText("ops@acme.example EMP-123456 AKIAIOSFODNN7EXAMPLE", policy)).toEqual({
      text: "ops@acme.example [REDACTED:employee_id] AKIAIOSFODNN7EXAMPLE",
      counts: { employee_id: 1 },
    });
    expect(redactJson({ ssn_last4: "1234" }, policy).value).toEqual({
      ssn_last4: "[REDACTED:secret_field]",
    });
  });

  it("rejects unknown detectors and invalid regexes, naming the rule", () => {
    const issues = (config: unknown) =>
      redactionConfigSchema.safeParse(config).error?.issues.map((i) => [i.path, i.message]) ?? [];
    expect(issues({ disabled: ["emails"] })[0]?.[1]).toContain('unknown detector "emails"');
    expect(issues({ custom: [{ id: "x", pattern: "(" }] })[0]).toEqual([
      ["custom", 0, "pattern"],
      expect.stringContaining("invalid regular expression: missing closing )"),
    ]);
  });
});
