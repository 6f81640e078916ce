import { type BatchHeader, GENESIS_HASH, headerHash } from "./batch";
import { eventLeaf } from "./leaf";
import { merkleRoot } from "./merkle";
import { verifyHeaderSignature } from "./signing";

export type FindingKind =
  | "altered"
  | "deleted"
  | "inserted"
  | "unsealed"
  | "root_mismatch"
  | "header_mismatch"
  | "bad_signature"
  | "gap"
  | "broken_link"
  | "bad_retention_record";

export type IntegrityFinding = {
  kind: FindingKind;
  tenant_id: string;
  writer_id: string;
  seq: number;
  event_id?: string;
  leaf_index?: number;
  detail: string;
};

/** A stored batch as verification needs it; `leaves` is 32-byte hashes, concatenated or not. */
export type VerifiableBatch = {
  header: BatchHeader | Record<string, unknown>;
  headerHash: string;
  signature: string;
  keyId: string;
  leaves: Buffer | Buffer[];
  eventIds: string[];
};

type Doc = { id: string; integrity?: { leaf_index: number } | undefined };
type Options = { publicKeys?: ReadonlyMap<string, string> };

function leavesOf(b: VerifiableBatch): Buffer[] {
  if (Array.isArray(b.leaves)) return b.leaves;
  const out: Buffer[] = [];
  for (let i = 0; i + 32 <= b.leaves.length; i += 32) out.push(b.leaves.subarray(i, i + 32));
  return out;
}

/** Checks one batch against the documents that claim to be in it; never throws on bad data. */
export function verifyBatch(
  b: VerifiableBatch,
  docs: readonly Doc[],
  o: Options = {},
): IntegrityFinding[] {
  const h = b.header as BatchHeader;
  const f = (
    kind: FindingKind,
    detail: string,
    extra: Partial<IntegrityFinding> = {},
  ): IntegrityFinding => ({
    kind,
    tenant_id: String(h.tenant_id),
    writer_id: String(h.writer_id),
    seq: Number(h.seq),
    detail,
    ...extra,
  });
  const findings: IntegrityFinding[] = [];
  const recomputed = headerHash(b.header);
  if (recomputed !== b.headerHash)
    findings.push(
      f("header_mismatch", "the stored header does not hash to the stored header hash"),
    );
  if (o.publicKeys) {
    const pem = o.publicKeys.get(b.keyId);
    if (!pem) findings.push(f("bad_signature", `signed by unknown writer key ${b.keyId}`));
    else if (!verifyHeaderSignature(recomputed, b.signature, pem))
      findings.push(f("bad_signature", "the signature does not match the header"));
  }
  const leaves = leavesOf(b);
  if (leaves.length !== h.count || b.eventIds.length !== h.count) {
    findings.push(
      f(
        "root_mismatch",
        `the header counts ${h.count} events; ${leaves.length} leaves and ${b.eventIds.length} ids are recorded`,
      ),
    );
  }
  if (merkleRoot(leaves).toString("hex") !== h.root)
    findings.push(f("root_mismatch", "the recorded leaves do not produce the sealed root"));

  const matched = new Set<number>();
  for (const doc of docs) {
    const i = doc.integrity?.leaf_index ?? -1;
    if (i < 0 || i >= b.eventIds.length || b.eventIds[i] !== doc.id || matched.has(i)) {
      const holder =
        i >= 0 && i < b.eventIds.length
          ? `position ${i} holds ${b.eventIds[i]}`
          : `position ${i} does not exist`;
      findings.push(
        f("inserted", `the event is not part of this sealed batch (${holder})`, {
          event_id: doc.id,
          leaf_index: i,
        }),
      );
      continue;
    }
    matched.add(i);
    const leaf = leaves[i];
    if (!leaf || !eventLeaf(doc).equals(leaf)) {
      findings.push(
        f("altered", "the stored event differs from the event that was sealed", {
          event_id: doc.id,
          leaf_index: i,
        }),
      );
    }
  }
  b.eventIds.forEach((id, i) => {
    if (!matched.has(i))
      findings.push(
        f("deleted", "a sealed event is missing from the store", { event_id: id, leaf_index: i }),
      );
  });
  return findings;
}

/** Checks that consecutive batches of one chain link up with no missing sequence numbers. */
export function verifyChain(
  batches: readonly VerifiableBatch[],
  o: { expectStartSeq?: number | undefined; expectPrevHash?: string | undefined } = {},
): IntegrityFinding[] {
  const findings: IntegrityFinding[] = [];
  let prev: VerifiableBatch | null = null;
  for (const b of batches) {
    const h = b.header as BatchHeader;
    const base = {
      tenant_id: String(h.tenant_id),
      writer_id: String(h.writer_id),
      seq: Number(h.seq),
    };
    const expected = prev ? Number((prev.header as BatchHeader).seq) + 1 : o.expectStartSeq;
    if (expected !== undefined && h.seq !== expected) {
      findings.push({
        kind: "gap",
        ...base,
        detail: `batches ${expected} to ${h.seq - 1} are missing`,
      });
    } else {
      // A chain cut by retention resumes after the removed batch its signed record names.
      const prevHash = prev
        ? headerHash(prev.header)
        : (o.expectPrevHash ?? (h.seq === 1 ? GENESIS_HASH : undefined));
      if (prevHash !== undefined && h.prev !== prevHash) {
        findings.push({
          kind: "broken_link",
          ...base,
          detail: "the batch does not point to the batch before it",
        });
      }
    }
    prev = b;
  }
  return findings;
}
