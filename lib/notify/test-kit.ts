import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { DestinationRecord, FlagRecord } from "../../db/store/detection-types";
import type { NotifyData } from "./enqueue";
import { sealSecret } from "./secret-box";
import { newSigningSecret } from "./signing";

export type Received = { headers: IncomingMessage["headers"]; body: string };

/**
 * A webhook receiver on a loopback port for the notification tests: it records what it got and
 * answers with `respond` (which may also never answer: a hanging destination).
 */
export async function startReceiver(
  respond: (req: Received, res: ServerResponse, n: number) => void,
): Promise<{ url: string; port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      received.push(r);
      respond(r, res, received.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A flag as the engine stores it, for queueing notifications in tests. */
export function sampleFlag(id: string, severity: string, at: Date): FlagRecord {
  return {
    id,
    rule: "volume_spike",
    ruleVersion: 1,
    params: {},
    groupKey: "alice",
    subjectKind: "actor",
    subjectKey: "alice",
    subjectLabel: "alice",
    severity,
    status: "open",
    active: true,
    start: at,
    end: at,
    observed: { calls: 412 },
    baseline: { median: 9, mad: 4 },
    sentence: "alice called delete_file 412 times",
    evidence: [],
    assignee: null,
    resolution: null,
    resolutionNote: null,
    incidentId: null,
    firstSeen: at,
    lastSeen: at,
    createdAt: at,
    updatedAt: at,
  };
}

/** Stores a signed webhook destination the way createDestination does; returns it and its secret. */
export async function putWebhook(
  data: NotifyData,
  rootKey: Buffer,
  url: string,
  opts: { id: string; minSeverity?: string; at?: Date },
): Promise<DestinationRecord & { secret: string }> {
  const secret = newSigningSecret();
  const d: DestinationRecord = {
    id: opts.id,
    kind: "webhook",
    name: opts.id,
    url,
    secretCiphertext: sealSecret(
      rootKey,
      { tenantId: data.tenantId, destinationId: opts.id },
      secret,
    ),
    minSeverity: opts.minSeverity ?? "medium",
    enabled: true,
    createdBy: "u1",
    createdAt: opts.at ?? new Date(),
  };
  await data.detection.putDestination(d);
  return { ...d, secret };
}
