import { describe, expect, it } from "vitest";
import { hasCode } from "../core/errors";
import { checkDestination, refusedAddress } from "./ssrf";

async function refusal(url: string, allowPrivate = false) {
  return checkDestination(url, { allowPrivate }).then(
    () => null,
    (e: unknown) => e,
  );
}

describe("destination SSRF guard", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "::1",
    "::",
    "0.0.0.0",
    "169.254.169.254",
    "169.254.1.1",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "100.64.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "fe80::1",
    "fd00::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:10.0.0.1",
    "64:ff9b::a00:1",
  ])("refuses %s", (address) => {
    expect(refusedAddress(address, false)).not.toBeNull();
  });

  it.each(["93.184.216.34", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111", "::ffff:1.1.1.1"])(
    "allows the public address %s",
    (address) => {
      expect(refusedAddress(address, false)).toBeNull();
    },
  );

  it("allows private addresses with the setting, but never cloud metadata", () => {
    for (const a of ["127.0.0.1", "::1", "10.0.0.1", "192.168.0.1", "fd00::1"])
      expect(refusedAddress(a, true)).toBeNull();
    for (const a of [
      "169.254.169.254",
      "::ffff:169.254.169.254",
      "fd00:ec2::254",
      "100.100.100.200",
    ])
      expect(refusedAddress(a, true)).toMatch(/metadata/);
  });

  it.each([
    "https://127.0.0.1/hook",
    "https://[::1]:8443/hook",
    "https://169.254.169.254/latest/meta-data/",
    "https://10.0.0.7/hook",
    "https://192.168.0.10/hook",
    "https://[::ffff:127.0.0.1]/hook",
    "https://2130706433/hook",
    "https://0x7f.0.0.1/hook",
    "https://localhost:9/hook",
  ])("refuses the URL %s with code forbidden and the reason", async (url) => {
    const err = await refusal(url);
    expect(hasCode(err, "forbidden")).toBe(true);
    expect((err as Error).message).toMatch(/non-public|NOTIFY_ALLOW_PRIVATE_DESTINATIONS/);
  });

  it("resolves a name with the system's DNS: localhost is loopback, allowed only with the setting", async () => {
    const ok = await checkDestination("http://localhost:8080/x", { allowPrivate: true });
    expect(["127.0.0.1", "::1"]).toContain(ok.address);
    expect(ok.url.hostname).toBe("localhost");
  });

  it("refuses a name when any of its addresses is private (steerable), and pins the checked one", async () => {
    const mixed = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.1", family: 4 },
    ];
    const err = await checkDestination("https://hooks.example.test/x", {
      allowPrivate: false,
      resolve: mixed,
    }).catch((e: unknown) => e);
    expect(hasCode(err, "forbidden")).toBe(true);
    const target = await checkDestination("https://hooks.example.test/x", {
      allowPrivate: false,
      resolve: async () => [{ address: "93.184.216.34", family: 4 }],
    });
    expect(target).toMatchObject({ address: "93.184.216.34", family: 4 });
  });

  it("refuses http:// (unless private destinations are allowed), credentials and non-URLs", async () => {
    for (const [url, allow] of [
      ["http://93.184.216.34/x", false],
      ["ftp://93.184.216.34/x", true],
      ["https://user:pw@93.184.216.34/x", false],
      ["not a url", false],
    ] as const)
      expect(hasCode(await refusal(url, allow), "invalid-input")).toBe(true);
    expect(await refusal("http://127.0.0.1:1/x", true)).toBeNull();
    expect(hasCode(await refusal("https://no-such-host.invalid/x"), "invalid-input")).toBe(true);
  });
});
