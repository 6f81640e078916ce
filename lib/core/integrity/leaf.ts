import { canonicalJson, canonicalJsonOmitting, canonicalMember } from "./canonical";
import { sha256, sha256Hex } from "./sha256";

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

/** PERSONAL_PATHS by their parent: top-level ones under "" (read once per event, so precomputed). */
const PERSONAL_FIELDS = new Map<string, string[]>();
for (const path of PERSONAL_PATHS) {
  const [head, field] = path.split(".") as [string, string | undefined];
  const parent = field === undefined ? "" : head;
  PERSONAL_FIELDS.set(parent, [...(PERSONAL_FIELDS.get(parent) ?? []), field ?? head]);
}
const TOP_LEVEL = PERSONAL_FIELDS.get("") ?? [];
const NESTED = [...PERSONAL_FIELDS].filter(([parent]) => parent !== "");

export function splitPersonal(doc: Doc): { public: Doc; personal: Doc } {
  const pub: Doc = {};
  for (const k in doc) if (k !== "integrity" && Object.hasOwn(doc, k)) pub[k] = doc[k];
  const personal: Doc = {};
  for (const [head, fields] of NESTED) {
    const parent = pub[head];
    if (!parent || typeof parent !== "object" || Array.isArray(parent)) continue;
    let copy: Doc | null = null;
    for (const field of fields) {
      if (!(field in parent)) continue;
      copy ??= { ...(parent as Doc) };
      personal[`${head}.${field}`] = copy[field];
      delete copy[field];
    }
    if (copy) pub[head] = copy;
  }
  for (const k of TOP_LEVEL)
    if (pub[k] !== undefined) {
      personal[k] = pub[k];
      delete pub[k];
    }
  return { public: pub, personal };
}

/**
 * `reuse` maps objects inside `personal` to their canonical JSON when the caller already has it
 * (the ingest path canonicalizes the arguments for their HMAC), so they are not serialized twice.
 */
export function personalDigest(personal: Doc, reuse?: ReadonlyMap<object, string>): string {
  return sha256Hex(canonicalJson(personal, reuse));
}

/** Leaf hash from the public part and the personal part's digest (RFC 6962 leaf prefix 0x00). */
export function eventLeafFromParts(publicDoc: Doc, personalDigestHex: string): Buffer {
  return leafOf(canonicalJson(publicDoc), personalDigestHex);
}

function leafOf(publicJson: string, personalDigestHex: string): Buffer {
  return sha256(`\u0000tooltrail.leaf.v1\n${publicJson}\n${personalDigestHex}`);
}

/** What the public part leaves out, for serializing it without building it. */
const PUBLIC_OMITS = {
  keys: new Set(["integrity", ...TOP_LEVEL]),
  nested: new Map(NESTED.map(([head, fields]) => [head, new Set(fields)])),
};
/** The personal part's members in canonical (sorted) order, with their quoted keys. */
const PERSONAL_ORDER = [...PERSONAL_PATHS].sort().map((path) => {
  const [head, field] = path.split(".") as [string, string | undefined];
  return { head, field, key: JSON.stringify(path) };
});

/**
 * The same bytes as `eventLeafFromParts(splitPersonal(doc))` (integrity.test.ts checks it), but
 * serialized straight from the document: this runs once per ingested event.
 */
export function eventLeaf(doc: object, reuse?: ReadonlyMap<object, string>): Buffer {
  const d = doc as Doc;
  let personal = "{";
  for (const { head, field, key } of PERSONAL_ORDER) {
    let value: unknown;
    if (field === undefined) value = d[head];
    else {
      const parent = d[head];
      if (!parent || typeof parent !== "object" || Array.isArray(parent)) continue;
      value = (parent as Doc)[field];
    }
    const json = value === undefined ? undefined : canonicalMember(value, reuse);
    if (json === undefined) continue;
    if (personal.length > 1) personal += ",";
    personal += `${key}:${json}`;
  }
  personal += "}";
  return leafOf(canonicalJsonOmitting(d, PUBLIC_OMITS, reuse), sha256Hex(personal));
}
