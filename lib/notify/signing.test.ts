import { describe, expect, it } from "vitest";
import { newSigningSecret, signatureHeader, verifySignature } from "./signing";

describe("webhook signatures", () => {
  const secret = newSigningSecret();
  const body = JSON.stringify({ type: "flag.opened", flag: { id: "f1", sentence: "ünïcode ✓" } });
  const t = 1_780_000_000;

  it("verifies what it signed, within the tolerance", () => {
    const header = signatureHeader(secret, body, t);
    expect(header).toMatch(/^t=1780000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature({ secret, body, header, now: t + 299 })).toEqual({
      ok: true,
      timestamp: t,
    });
  });

  it("refuses a changed body, timestamp or secret", () => {
    const header = signatureHeader(secret, body, t);
    const tampered = body.replace("f1", "f2");
    expect(verifySignature({ secret, body: tampered, header, now: t })).toEqual({
      ok: false,
      reason: "mismatch",
    });
    // Moving the timestamp forward to pass the tolerance breaks the MAC.
    const moved = header.replace(`t=${t}`, `t=${t + 1000}`);
    expect(verifySignature({ secret, body, header: moved, now: t + 1000 }).ok).toBe(false);
    expect(verifySignature({ secret: newSigningSecret(), body, header, now: t }).ok).toBe(false);
  });

  it("refuses a replay with an old timestamp, and one from the future", () => {
    const header = signatureHeader(secret, body, t);
    expect(verifySignature({ secret, body, header, now: t + 301 })).toEqual({
      ok: false,
      reason: "too-old",
    });
    expect(verifySignature({ secret, body, header, now: t - 301 })).toEqual({
      ok: false,
      reason: "in-future",
    });
    expect(
      verifySignature({ secret, body, header, now: t + 3600, toleranceSeconds: 7200 }).ok,
    ).toBe(true);
  });

  it("refuses malformed headers and accepts any matching v1 (secret rotation)", () => {
    for (const header of [null, "", "t=1", `v1=${"a".repeat(64)}`, `t=x,v1=${"a".repeat(64)}`])
      expect(verifySignature({ secret, body, header, now: t })).toEqual({
        ok: false,
        reason: "malformed",
      });
    const good = signatureHeader(secret, body, t).split("v1=")[1];
    const rotated = `t=${t},v1=${"0".repeat(64)},v1=${good}`;
    expect(verifySignature({ secret, body, header: rotated, now: t }).ok).toBe(true);
  });
});
