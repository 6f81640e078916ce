import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "./policy";
import { redactText } from "./redact-text";

/**
 * The built-in detectors run on V8's backtracking engine for every string of every event, so
 * each must cost time linear in the string: no start position may rescan what an earlier one
 * scanned. On these 1 MB inputs four of them were quadratic (minutes each): each test failed by hanging.
 */
const MB = 1 << 20;
const fill = (unit: string, tail = "") => unit.repeat(Math.ceil(MB / unit.length)) + tail;
const red = (s: string) => redactText(s, DEFAULT_POLICY);

describe("built-in detectors on hostile input", () => {
  it.each([
    ["jwt: a start before every segment", fill("-eyJ")],
    ["url_password: a scheme start at every dot", fill("a.", "://@")],
    ["email: a local-part start at every dot", fill("a.", "@")],
    ["private_key: a BEGIN line repeated, never ended", fill("-----BEGIN RSA PRIVATE KEY-----\n")],
    ["private_key: one BEGIN, then a long run of words", `-----BEGIN ${fill("A ")}`],
  ])("%s completes and finds nothing", (_name, hostile) => {
    expect(red(hostile)).toEqual({ text: hostile, counts: {} });
  });

  it("still finds what they are for", () => {
    const local = "a".repeat(64);
    expect(red(`to ${local}@mail.example.com`).text).toBe("to [REDACTED:email]");
    expect(red("postgresql+psycopg2://app:S3cret@db:5432/x").text).toBe(
      "postgresql+psycopg2://app:[REDACTED:url_password]@db:5432/x",
    );
    const jwt =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
    expect(red(`token=${jwt}; next`).text).toBe("token=[REDACTED:jwt]; next");
    expect(red(`${fill("-eyJ").slice(0, 4096)} ${jwt}`).counts).toEqual({ jwt: 1 });
    const key = (kind: string) =>
      `-----BEGIN ${kind}PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END ${kind}PRIVATE KEY-----`;
    expect(red(`a ${key("RSA ")} b ${key("")} c`).text).toBe(
      "a [REDACTED:private_key] b [REDACTED:private_key] c",
    );
    // A stray BEGIN before a whole key: the key is still found.
    expect(red(`-----BEGIN EC PRIVATE KEY-----\ncut off\n${key("")}`).counts).toEqual({
      private_key: 1,
    });
  });
});
