import { storable } from "@/lib/core/contract/well-formed";

/**
 * Event content as one URL path segment. encodeURIComponent throws on a lone surrogate, which
 * events stored before ingestion repaired strings may hold; storable() maps such a string to
 * what its columns hold (U+FFFD), so the link opens the page of the same rows.
 */
export function segment(s: string): string {
  return encodeURIComponent(storable(s));
}
