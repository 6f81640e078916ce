/**
 * Whether JSON text nests arrays and objects deeper than `max`, in one pass over its bytes and
 * without recursion, so a hostile body is refused before anything recursive (JSON.stringify,
 * schema checks, canonical JSON) meets it. Strings are skipped, escapes included; text that is
 * not JSON is left for the parser to report.
 */
export function jsonNestsDeeper(text: Uint8Array, max: number): boolean {
  const n = text.length;
  let depth = 0;
  for (let i = 0; i < n; i++) {
    const c = text[i];
    if (c === 0x22) {
      // A string: on to its closing quote, stepping over each escaped character.
      for (i++; i < n; i++) {
        const d = text[i];
        if (d === 0x22) break;
        if (d === 0x5c) i++;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
