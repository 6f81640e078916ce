import { lookup as dnsLookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";
import { TooltrailError } from "../core/errors";

/**
 * A destination URL is chosen by a tenant admin and fetched by the server, so it must not reach
 * what only the server can reach (SSRF): its host is resolved once, every address is checked,
 * and the request then connects to the checked address (pinned-post.ts), so a DNS answer that
 * changes between check and connect (rebinding) cannot redirect it.
 */

const NON_PUBLIC: [string, number, "ipv4" | "ipv6"][] = [
  ["0.0.0.0", 8, "ipv4"], // "this network", unspecified
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"], // CGNAT
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"], // link-local
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"], // IETF protocol assignments
  ["192.0.2.0", 24, "ipv4"], // documentation
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"], // benchmarking
  ["198.51.100.0", 24, "ipv4"],
  ["203.0.113.0", 24, "ipv4"],
  ["224.0.0.0", 4, "ipv4"], // multicast
  ["240.0.0.0", 4, "ipv4"], // reserved and broadcast
  // IPv4-mapped (::ffff:0:0/96) addresses are checked against the IPv4 rules by BlockList.
  ["::", 96, "ipv6"], // unspecified, loopback, IPv4-compatible
  ["64:ff9b::", 96, "ipv6"], // NAT64 reaches IPv4 inside the network
  ["100::", 64, "ipv6"], // discard
  ["2001:db8::", 32, "ipv6"], // documentation
  ["fc00::", 7, "ipv6"], // unique local
  ["fe80::", 10, "ipv6"], // link-local
  ["fec0::", 10, "ipv6"], // site-local (deprecated)
  ["ff00::", 8, "ipv6"], // multicast
];

/** Cloud instance metadata: refused even where private destinations are allowed. */
const METADATA = ["169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"];

const nonPublic = new BlockList();
for (const [net, prefix, type] of NON_PUBLIC) nonPublic.addSubnet(net, prefix, type);
const metadata = new BlockList();
for (const a of METADATA) metadata.addAddress(a, isIP(a) === 6 ? "ipv6" : "ipv4");

/** Why an address may not be a destination, or null when it may. */
export function refusedAddress(address: string, allowPrivate: boolean): string | null {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  const type = family === 6 ? "ipv6" : "ipv4";
  if (metadata.check(address, type)) return "a cloud metadata address";
  if (!allowPrivate && nonPublic.check(address, type))
    return "a loopback, private, link-local or otherwise non-public address";
  return null;
}

export type CheckedTarget = { url: URL; address: string; family: 4 | 6 };
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

/**
 * The system's resolver (getaddrinfo, so /etc/hosts counts) runs on libuv's small thread pool,
 * which file I/O and gzip share with ingestion: at most two destination lookups hold a thread at
 * once, a slot is freed only when its lookup really ends, and a caller waits at most
 * LOOKUP_TIMEOUT_MS for an answer, so a slow DNS server delays only notifications.
 */
const MAX_LOOKUPS = 2;
export const LOOKUP_TIMEOUT_MS = 5_000;
let lookups = 0;
const waiting: (() => void)[] = [];

const systemResolver: Resolver = async (host) => {
  if (lookups >= MAX_LOOKUPS) await new Promise<void>((r) => waiting.push(r));
  lookups++;
  const answer = dnsLookup(host, { all: true, verbatim: true });
  answer
    .catch(() => {})
    .finally(() => {
      lookups--;
      waiting.shift()?.();
    });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("DNS timeout")), LOOKUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([answer, late]);
  } finally {
    clearTimeout(timer);
  }
};

/** The URL's form: https (http only with private destinations allowed), no credentials. */
export function parseDestinationUrl(raw: string, allowPrivate: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TooltrailError("invalid-input", "url: not a URL (e.g. https://hooks.example.com/x)");
  }
  if (url.protocol !== "https:" && !(allowPrivate && url.protocol === "http:"))
    throw new TooltrailError(
      "invalid-input",
      allowPrivate ? "url: must start with https:// or http://" : "url: must start with https://",
    );
  if (url.username || url.password)
    throw new TooltrailError("invalid-input", "url: must not contain a user name or password");
  return url;
}

/**
 * Resolves the URL's host and refuses it when any address it resolves to is refused (a name with
 * one public and one private address could otherwise be steered to the private one).
 */
export async function checkDestination(
  raw: string,
  opts: { allowPrivate: boolean; resolve?: Resolver },
): Promise<CheckedTarget> {
  const url = parseDestinationUrl(raw, opts.allowPrivate);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  let addresses: { address: string; family: number }[];
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await (opts.resolve ?? systemResolver)(host);
    } catch (err) {
      const late = (err as Error).message === "DNS timeout";
      throw new TooltrailError(
        "invalid-input",
        late
          ? `url: the host ${host} did not resolve within ${LOOKUP_TIMEOUT_MS / 1000} s`
          : `url: the host ${host} does not resolve`,
      );
    }
  }
  const first = addresses[0];
  if (!first) throw new TooltrailError("invalid-input", `url: the host ${host} does not resolve`);
  for (const a of addresses) {
    const why = refusedAddress(a.address, opts.allowPrivate);
    if (why)
      throw new TooltrailError(
        "forbidden",
        `url: ${host} resolves to ${a.address}, ${why}; destinations must be public${
          opts.allowPrivate
            ? ""
            : " (an operator can allow private ones: NOTIFY_ALLOW_PRIVATE_DESTINATIONS)"
        }`,
      );
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
