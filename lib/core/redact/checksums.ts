/** Check digits that turn "looks like a number" into "is one": fewer false redactions. */

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Issuer prefixes of the card networks whose numbers we redact (Visa, Mastercard, Amex, …). */
export function knownCardPrefix(digits: string): boolean {
  const two = Number(digits.slice(0, 2));
  const four = Number(digits.slice(0, 4));
  const len = digits.length;
  if (digits.startsWith("4")) return len === 13 || len === 16 || len === 19;
  if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return len === 16;
  if (two === 34 || two === 37) return len === 15;
  if (digits.startsWith("6011") || digits.startsWith("65") || (four >= 6440 && four <= 6499))
    return len >= 16;
  if (two === 35) return len >= 16;
  if (two === 36 || two === 38 || two === 30) return len >= 14;
  if (two === 62) return len >= 16;
  return false;
}

/** ISO 13616: move the first four characters to the end, letters to numbers, mod 97 = 1. */
export function ibanValid(compact: string): boolean {
  if (compact.length < 15 || compact.length > 34) return false;
  const moved = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const d of value) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}
