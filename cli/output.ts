/**
 * Printing for people and scripts. Values from events are hostile: terminal escape sequences and
 * other control characters are shown escaped so stored content cannot drive the terminal.
 */
export function safeForTerminal(value: string): string {
  let out = "";
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    const unsafe =
      (c < 0x20 && c !== 0x09 && c !== 0x0a) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069);
    out += unsafe ? `\\u${c.toString(16).padStart(4, "0")}` : ch;
  }
  return out;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printTable(rows: Record<string, unknown>[], columns: string[]): void {
  if (rows.length === 0) {
    process.stdout.write("(none)\n");
    return;
  }
  const cells = rows.map((r) =>
    columns.map((c) => safeForTerminal(r[c] === null || r[c] === undefined ? "-" : String(r[c]))),
  );
  const widths = columns.map((c, i) =>
    Math.max(c.length, ...cells.map((row) => (row[i] ?? "").length)),
  );
  const line = (vals: string[]) =>
    vals
      .map((v, i) => v.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  process.stdout.write(`${line(columns)}\n${cells.map(line).join("\n")}\n`);
}

export function say(text: string): void {
  process.stdout.write(`${safeForTerminal(text)}\n`);
}

/**
 * JSON.stringify escapes C0 controls but not DEL, C1 controls (e.g. U+009B, a CSI) or bidi
 * overrides; escaping them too keeps the same JSON value and a terminal that cannot be driven.
 */
export function jsonForTerminal(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
