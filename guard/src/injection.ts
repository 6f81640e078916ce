/**
 * Prompt-injection indicators in tool results: text aimed at the model rather than the user.
 * These are indicators, not proof; the policy decides whether to warn, strip or block.
 */

const HIDDEN = /[\u{E0000}-\u{E007F}\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

const INSTRUCTIONS: RegExp[] = [
  /\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|preceding|your)\s+(?:instructions|prompts?|rules|directions|guidelines)\b/gi,
  /\byou\s+are\s+now\s+(?:a|an|in|the)\b/gi,
  /\b(?:new|updated|revised)\s+(?:system\s+)?instructions\s*:/gi,
  /\bdo\s+not\s+(?:tell|inform|alert|mention\s+(?:this\s+)?to)\s+the\s+user\b/gi,
  /<\|(?:im_start|im_end|system|endoftext)\|>|\[\/?INST\]|<\/?(?:system|assistant)>/gi,
  /\b(?:reveal|print|output|send|exfiltrate)\s+(?:your|the)\s+(?:system\s+prompt|api\s+keys?|credentials|secrets?)\b/gi,
];

const BASE64_RUN = /[A-Za-z0-9+/]{120,}={0,2}/g;

export type InjectionFinding = {
  type: "hidden_unicode" | "instructions" | "encoded_payload";
  count: number;
};

export function detectInjection(text: string): InjectionFinding[] {
  const found: InjectionFinding[] = [];
  const hidden = text.match(HIDDEN)?.length ?? 0;
  if (hidden > 0) found.push({ type: "hidden_unicode", count: hidden });
  let instructions = 0;
  for (const re of INSTRUCTIONS) instructions += text.match(re)?.length ?? 0;
  // Tag characters spell ASCII invisibly (U+E0041 is an invisible "A"): read what they say.
  if (hidden > 0) {
    const revealed = decodeTags(text);
    for (const re of INSTRUCTIONS) instructions += revealed.match(re)?.length ?? 0;
  }
  if (instructions > 0) found.push({ type: "instructions", count: instructions });
  let encoded = 0;
  for (const m of text.match(BASE64_RUN) ?? []) if (decodesToInstructions(m)) encoded++;
  if (encoded > 0) found.push({ type: "encoded_payload", count: encoded });
  return found;
}

/** Removes what `detectInjection` finds; returns the input unchanged when there is nothing. */
export function stripInjection(text: string): string {
  let out = text.replace(HIDDEN, "");
  for (const re of INSTRUCTIONS) out = out.replace(re, "[REMOVED:prompt_injection]");
  out = out.replace(BASE64_RUN, (m) =>
    decodesToInstructions(m) ? "[REMOVED:encoded_payload]" : m,
  );
  return out;
}

function decodeTags(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000);
  }
  return out;
}

function decodesToInstructions(b64: string): boolean {
  const decoded = Buffer.from(b64.slice(0, 64 * 1024), "base64").toString("utf8");
  // Binary (images, archives) is not an instruction; only mostly printable text is examined.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: counting control bytes is the point
  const controls = decoded.match(/[\u0000-\u0008\u000e-\u001f\ufffd]/g)?.length ?? 0;
  if (controls > decoded.length / 20) return false;
  return INSTRUCTIONS.some((re) => {
    re.lastIndex = 0;
    const hit = re.test(decoded);
    re.lastIndex = 0;
    return hit;
  });
}
