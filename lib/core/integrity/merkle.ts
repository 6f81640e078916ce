import { createHash } from "node:crypto";

/**
 * RFC 6962 Merkle tree over leaf hashes that are already domain-separated (0x00 prefix):
 * interior nodes are SHA-256(0x01 || left || right), split at the largest power of two below n.
 */
const NODE = Buffer.from([0x01]);

function node(left: Buffer, right: Buffer): Buffer {
  return createHash("sha256").update(NODE).update(left).update(right).digest();
}

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

export const EMPTY_ROOT = createHash("sha256").digest();

export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  // Bottom-up pairing gives the same tree as RFC 6962's recursive split: an odd last node is
  // carried up unchanged. Iterative, so huge batches cannot overflow the stack.
  let level: Buffer[] = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(right ? node(level[i] as Buffer, right) : (level[i] as Buffer));
    }
    level = next;
  }
  return level[0] as Buffer;
}

/** The audit path of leaf `index` (RFC 6962 section 2.1.1), from leaf level up. */
export function inclusionProof(leaves: readonly Buffer[], index: number): Buffer[] {
  if (index < 0 || index >= leaves.length) throw new RangeError("leaf index out of range");
  const path: Buffer[] = [];
  let lo = 0;
  let hi = leaves.length;
  const stack: Buffer[] = [];
  while (hi - lo > 1) {
    const k = split(hi - lo);
    if (index < lo + k) {
      stack.push(merkleRoot(leaves.slice(lo + k, hi)));
      hi = lo + k;
    } else {
      stack.push(merkleRoot(leaves.slice(lo, lo + k)));
      lo += k;
    }
  }
  while (stack.length > 0) path.push(stack.pop() as Buffer);
  return path;
}

/** RFC 9162 section 2.1.3.2 verification of an audit path. */
export function verifyInclusion(
  leaf: Buffer,
  index: number,
  size: number,
  proof: readonly Buffer[],
  root: Buffer,
): boolean {
  if (index >= size || index < 0) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = node(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = node(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.equals(root);
}
