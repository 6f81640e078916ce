import type { IngestKeyRecord, Store } from "../../db/store/types";
import { jsonNestsDeeper } from "../../lib/core/contract/nesting";
import { guardListVersion, guardRevocationList } from "../../lib/services/revocations/guard-list";
import { recordGuardHeartbeat } from "../../lib/services/revocations/heartbeat";
import { registerPolicy } from "../../lib/services/revocations/register-policy";
import { readBody } from "./body";
import type { BodyBudget } from "./body-budget";
import { type HttpRequest, type HttpResponse, isLoopback, json } from "./http-types";
import type { KeyAuthenticator } from "./key-auth";
import { problem } from "./problem";
import type { RateLimiter } from "./rate-limit";

export type GuardRoutesDeps = {
  store: Store;
  keys: KeyAuthenticator;
  limiter: RateLimiter;
  bodyBudget: BodyBudget;
  allowInsecure: boolean;
  limits: { defaultRate: number; defaultBurst: number };
  now?: () => Date;
};

/** A policy file is at most 1 MiB (Guard refuses larger); its JSON with the envelope fits 2. */
export const POLICY_BODY_BYTES = 2 * 1024 * 1024;
export const HEARTBEAT_BODY_BYTES = 512 * 1024;
/** A policy nests a few levels (rules, where, constraints); nothing Guard sends needs more. */
const MAX_DEPTH = 64;

/**
 * Guard's own API, authenticated by the ingest key it ships events with: policy registration,
 * the revocation list (ETag, 304) and the heartbeat. The work is in lib/services/revocations;
 * these handlers only authenticate, read and answer.
 */
export function createGuardRoutes(d: GuardRoutesDeps) {
  const now = d.now ?? (() => new Date());

  async function authenticate(req: HttpRequest, method: "GET" | "POST"): Promise<IngestKeyRecord> {
    if (req.method !== method)
      throw problem(
        405,
        "method-not-allowed",
        "Method not allowed",
        `use ${method}`,
        {},
        { allow: method },
      );
    if (!req.secure && !isLoopback(req.remoteAddress) && !d.allowInsecure)
      throw problem(
        403,
        "tls-required",
        "TLS required",
        "ingest keys are accepted only over HTTPS (or from loopback); set ALLOW_INSECURE_INGEST=true to override",
      );
    const key = await d.keys.authenticate(req.header("authorization"));
    const rate = key.ratePerSecond ?? d.limits.defaultRate;
    const burst = key.burst ?? d.limits.defaultBurst;
    const wait = d.limiter.take(key.id, 1, rate, burst);
    if (wait > 0)
      throw problem(
        429,
        "rate-limited",
        "Rate limited",
        `ingest key ${key.id} is limited to ${rate} requests/s (burst ${burst})`,
        { retry_after_s: wait },
        { "retry-after": String(wait) },
      );
    return key;
  }

  async function jsonBody(req: HttpRequest, maxBytes: number): Promise<unknown> {
    const type = (req.header("content-type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json")
      throw problem(
        415,
        "unsupported-media-type",
        "Unsupported media type",
        "send the body as application/json",
      );
    const declared = Number(req.header("content-length") ?? 0);
    if (declared > maxBytes)
      throw problem(
        413,
        "body-too-large",
        "Request body too large",
        `the body exceeds ${maxBytes} bytes`,
      );
    const reservation = d.bodyBudget.reserve(declared);
    try {
      const body = await readBody(req.body, req.header("content-encoding"), maxBytes, reservation);
      if (jsonNestsDeeper(body, MAX_DEPTH))
        throw problem(
          400,
          "too-deep",
          "Body nests too deeply",
          `the body nests deeper than ${MAX_DEPTH} levels`,
        );
      try {
        return JSON.parse(body.toString("utf8"));
      } catch (err) {
        throw problem(400, "invalid-json", "Body is not JSON", (err as Error).message);
      }
    } finally {
      reservation.release();
    }
  }

  return {
    /** POST /api/v1/guard/policies */
    async policies(req: HttpRequest): Promise<HttpResponse> {
      const key = await authenticate(req, "POST");
      const input = await jsonBody(req, POLICY_BODY_BYTES);
      const { version, created } = await registerPolicy({
        ctx: { store: d.store, key, now },
        input,
      });
      return json(created ? 201 : 200, {
        id: version.id,
        server: version.server,
        instance: version.instance,
        hash: version.hash,
        effective_from: version.effectiveFrom.toISOString(),
        created,
      });
    },

    /** GET /api/v1/guard/revocations?server=<name> */
    async revocations(req: HttpRequest): Promise<HttpResponse> {
      const key = await authenticate(req, "GET");
      const params = new URLSearchParams(req.query ?? "");
      const server = params.get("server");
      if (server === null)
        throw problem(400, "invalid-input", "Missing server", "give the server as ?server=<name>");
      const ctx = { store: d.store, key, now };
      const cached = req.header("if-none-match");
      if (cached) {
        const version = await guardListVersion({ ctx, input: { server } });
        if (etagMatches(cached, etag(version)))
          return {
            status: 304,
            headers: { etag: etag(version), "cache-control": "no-cache" },
            body: "",
          };
      }
      const list = await guardRevocationList({ ctx, input: { server } });
      return json(200, list, { etag: etag(list.version), "cache-control": "no-cache" });
    },

    /** POST /api/v1/guard/heartbeat */
    async heartbeat(req: HttpRequest): Promise<HttpResponse> {
      const key = await authenticate(req, "POST");
      const input = await jsonBody(req, HEARTBEAT_BODY_BYTES);
      return json(200, await recordGuardHeartbeat({ ctx: { store: d.store, key, now }, input }));
    },
  };
}

/** One version of one server's list is one content: the version is a strong validator. */
function etag(version: number): string {
  return `"v${version}"`;
}

function etagMatches(header: string, tag: string): boolean {
  return header
    .split(",")
    .map((t) => t.trim().replace(/^W\//, ""))
    .some((t) => t === tag || t === "*");
}
