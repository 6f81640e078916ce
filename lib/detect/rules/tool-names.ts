/**
 * Matching tool names against a tenant's list of names and patterns (exfil_sequence's egress
 * tools). Tool names come from clients, so every step here is linear in the name (the glob match
 * is the iterative two-pointer one, at worst name × pattern, both short).
 *
 * - A plain word (`post`) matches a tool with that word in its name: `post_message`, `httpPost`,
 *   `create-post`, but not `get_posts` or `postgres`.
 * - A pattern with `*` or `?` matches the whole name (`*put_object*`), case-insensitively.
 * - With a `/`, either form is matched against `server/tool` (`slack/*`).
 */
export function toolMatches(patterns: readonly string[], server: string, tool: string): boolean {
  const name = tool.toLowerCase();
  const full = `${server.toLowerCase()}/${name}`;
  let words: Set<string> | null = null;
  for (const raw of patterns) {
    const p = raw.toLowerCase();
    const target = p.includes("/") ? full : name;
    if (p.includes("*") || p.includes("?")) {
      if (glob(p, target)) return true;
    } else if (p.includes("/")) {
      if (p === full) return true;
    } else {
      words ??= new Set(wordsOf(tool));
      if (words.has(p)) return true;
    }
  }
  return false;
}

/** Lower-case words of a name: split at non-alphanumerics and at lower-to-upper case changes. */
export function wordsOf(name: string): string[] {
  const out: string[] = [];
  let word = "";
  let prevLower = false;
  for (const ch of name) {
    const lower = ch >= "a" && ch <= "z";
    const upper = ch >= "A" && ch <= "Z";
    const digit = ch >= "0" && ch <= "9";
    if (!lower && !upper && !digit) {
      if (word) out.push(word);
      word = "";
    } else {
      if (upper && prevLower && word) {
        out.push(word);
        word = "";
      }
      word += ch.toLowerCase();
    }
    prevLower = lower || digit;
  }
  if (word) out.push(word);
  return out;
}

/** `*` any run, `?` one character; the classic linear-backtrack wildcard match. */
export function glob(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}
