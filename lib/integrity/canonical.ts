import canonicalize from "canonicalize";

/**
 * RFC 8785 JSON Canonicalization Scheme: the one byte form every hash in the chain is taken
 * over, so an auditor's re-implementation in any language gets the same bytes.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value cannot be canonicalized");
  return text;
}
