import { createHmac } from "node:crypto";
import type { EventColumns, RowEncoding } from "../../db/store/types";
import type { EventV1, StoredEvent } from "../../lib/core/contract";
import { canonicalJson, eventLeaf } from "../../lib/core/integrity";
import {
  type CompiledRedactionPolicy,
  type RedactionConfig,
  redactEvent,
} from "../../lib/core/redact";
import { encodeRow, eventColumns } from "./rows";

/** What the pipeline knows about a tenant while ingesting: resolved once, cached briefly. */
export type TenantContext = {
  tenantId: string;
  redaction: CompiledRedactionPolicy;
  /** The validated configuration `redaction` was compiled from (workers compile their own). */
  redactionConfig: RedactionConfig;
  /** Per-tenant key for `args_hmac`, derived from the server secret. */
  hmacKey: Buffer;
};

/**
 * A validated, redacted, hashed event waiting for its place in a batch. Flat columns rather than
 * the document tree: it crosses from a worker thread by structured cloning, per event.
 */
export type PreparedEvent = {
  id: string;
  time: string;
  /** The exact JSON text stored as the document. */
  docText: string;
  leaf: Buffer;
  /** The row in the store's `rowEncoding` without its place in a chain, or its columns. */
  row: EventColumns | string;
};

/** `truncated` and `replaced` are validation's records of what it changed (see lib/contract). */
export function prepareEvent(
  event: EventV1,
  truncated: string[],
  ctx: TenantContext,
  ingestKeyId: string,
  receivedAt: string,
  encoding: RowEncoding | null,
  replaced: readonly string[] = [],
): PreparedEvent {
  // Keyed over the arguments as received, before redaction: identical calls still correlate
  // when they carried different secrets, and the key keeps values from being guessed.
  const args = event.arguments;
  const argsJson = args === undefined ? undefined : canonicalJson(args);
  const argsHmac =
    argsJson === undefined
      ? undefined
      : createHmac("sha256", ctx.hmacKey).update(argsJson).digest("hex");
  const redacted = redactEvent(event, ctx.redaction);
  const doc: StoredEvent = {
    ...redacted,
    tenant_id: ctx.tenantId,
    received_at: receivedAt,
    ingest_key_id: ingestKeyId,
    ...(argsHmac === undefined ? {} : { args_hmac: argsHmac }),
    ...(truncated.length > 0 ? { truncated } : {}),
    ...(replaced.length > 0 ? { replaced: [...replaced] } : {}),
  };
  // Arguments redaction left alone are the same object: their canonical form is reused.
  const reuse =
    argsJson !== undefined &&
    typeof args === "object" &&
    args !== null &&
    redacted.arguments === args
      ? new Map([[args as object, argsJson]])
      : undefined;
  return prepared(doc, JSON.stringify(doc), eventLeaf(doc, reuse), encoding);
}

/** Rebuilds a prepared event from its stored text (spool replay). */
export function restorePrepared(docText: string, encoding: RowEncoding | null): PreparedEvent {
  const doc = JSON.parse(docText) as StoredEvent;
  return prepared(doc, docText, eventLeaf(doc), encoding);
}

function prepared(
  doc: StoredEvent,
  docText: string,
  leaf: Buffer,
  encoding: RowEncoding | null,
): PreparedEvent {
  return {
    id: doc.id,
    time: doc.time,
    docText,
    leaf,
    row: encodeRow(eventColumns(doc), docText, encoding),
  };
}
