import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical";

/**
 * Personal fields are hashed apart from the rest, so that personal data can later be encrypted
 * or erased per data subject while the leaf stays verifiable from the kept digest.
 * `actor.id` stays public: queries need it and it is usually a pseudonymous id.
 */
export const PERSONAL_PATHS = [
  "actor.name",
  "actor.email",
  "actor.ip",
  "actor.user_agent",
  "arguments",
  "error.message",
  "labels",
] as const;

type Doc = Record<string, unknown>;

export function splitPersonal(doc: Doc): { public: Doc; personal: Doc } {
  const { integrity: _placement, ...rest } = doc;
  const pub: Doc = { ...rest };
  const personal: Doc = {};
  for (const path of PERSONAL_PATHS) {
    const [head, field] = path.split(".") as [string, string | undefined];
    if (field === undefined) {
      if (pub[head] !== undefined) {
        personal[head] = pub[head];
        delete pub[head];
      }
      continue;
    }
    const parent = pub[head];
    if (parent && typeof parent === "object" && !Array.isArray(parent) && field in parent) {
      const { [field]: value, ...others } = parent as Doc;
      pub[head] = others;
      personal[path] = value;
    }
  }
  return { public: pub, personal };
}

export function personalDigest(personal: Doc): string {
  return createHash("sha256").update(canonicalJson(personal)).digest("hex");
}

const LEAF_PREFIX = Buffer.from([0x00]);

/** Leaf hash from the public part and the personal part's digest (RFC 6962 leaf prefix 0x00). */
export function eventLeafFromParts(publicDoc: Doc, personalDigestHex: string): Buffer {
  return createHash("sha256")
    .update(LEAF_PREFIX)
    .update(`tooltrail.leaf.v1\n${canonicalJson(publicDoc)}\n${personalDigestHex}`)
    .digest();
}

export function eventLeaf(doc: object): Buffer {
  const { public: pub, personal } = splitPersonal(doc as Doc);
  return eventLeafFromParts(pub, personalDigest(personal));
}
