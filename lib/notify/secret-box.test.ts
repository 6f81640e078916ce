import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hasCode } from "../core/errors";
import { notifyRootKey, openSecret, sealSecret } from "./secret-box";

/** Flips one bit of the ciphertext (part 2) or the tag (part 3). */
function tamper(sealed: string, part: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part] ?? "", "base64url");
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("secret box", () => {
  const root = notifyRootKey(randomBytes(32));
  const where = { tenantId: "acme", destinationId: "dst_1" };

  it("opens what it sealed; the ciphertext is fresh each time and does not hold the secret", () => {
    const a = sealSecret(root, where, "whsec_abc");
    const b = sealSecret(root, where, "whsec_abc");
    expect(a).not.toBe(b);
    expect(a).not.toContain("whsec_abc");
    expect(openSecret(root, where, a)).toBe("whsec_abc");
  });

  it("does not open on another row, another tenant, another master secret or when tampered", () => {
    const sealed = sealSecret(root, where, "whsec_abc");
    const attempts = [
      () => openSecret(root, { ...where, destinationId: "dst_2" }, sealed),
      () => openSecret(root, { ...where, tenantId: "globex" }, sealed),
      () => openSecret(notifyRootKey(randomBytes(32)), where, sealed),
      () => openSecret(root, where, tamper(sealed, 2)),
      () => openSecret(root, where, tamper(sealed, 3)),
      () => openSecret(root, where, "v0.x.y.z"),
      // A Slack URL is sealed for its purpose: it never opens as a signing secret, nor back.
      () => openSecret(root, where, sealSecret(root, { ...where, purpose: "slack-url" }, "u")),
      () => openSecret(root, { ...where, purpose: "slack-url" }, sealed),
    ];
    for (const open of attempts) {
      let err: unknown;
      try {
        open();
      } catch (e) {
        err = e;
      }
      expect(hasCode(err, "config")).toBe(true);
    }
  });
});
