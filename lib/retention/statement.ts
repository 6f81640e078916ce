import { createHash, type KeyObject } from "node:crypto";
import type { RetentionRecord, RetentionStatement } from "../../db/store/types";
import { canonicalJson } from "../core/integrity/canonical";
import { signHeader, verifyHeaderSignature } from "../core/integrity/signing";

/** Domain-separated from batch headers, so one can never pass for the other. */
export function statementHash(s: RetentionStatement): string {
  return createHash("sha256")
    .update(`tooltrail.retention.v1\n${canonicalJson(s)}`)
    .digest("hex");
}

export function signStatement(
  s: RetentionStatement,
  key: { keyId: string; privateKey: KeyObject },
): RetentionRecord {
  const hash = statementHash(s);
  return {
    tenantId: s.tenant_id,
    writerId: s.writer_id,
    throughSeq: s.through_seq,
    statement: s,
    statementHash: hash,
    signature: signHeader(hash, key.privateKey),
    keyId: key.keyId,
  };
}

/** Why a stored record cannot be trusted, or null when it can. */
export function checkRecord(
  r: RetentionRecord,
  publicKeys: ReadonlyMap<string, string>,
): string | null {
  const s = r.statement;
  if (s.tenant_id !== r.tenantId || s.writer_id !== r.writerId || s.through_seq !== r.throughSeq)
    return "the record's columns differ from its signed statement";
  const hash = statementHash(s);
  if (hash !== r.statementHash) return "the statement does not hash to the recorded hash";
  const pem = publicKeys.get(r.keyId);
  if (!pem) return `signed by unknown key ${r.keyId}`;
  if (!verifyHeaderSignature(hash, r.signature, pem)) return "the signature does not match";
  return null;
}

/** The newest record of each chain. */
export function latestRecords(records: RetentionRecord[]): Map<string, RetentionRecord> {
  const latest = new Map<string, RetentionRecord>();
  for (const r of records) {
    const seen = latest.get(r.writerId);
    if (!seen || r.throughSeq > seen.throughSeq) latest.set(r.writerId, r);
  }
  return latest;
}
