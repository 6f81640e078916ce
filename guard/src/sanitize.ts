import { GUARD_BY } from "./events";
import { detectInjection, type InjectionFinding, stripInjection } from "./injection";
import { CLASSIFICATION_ORDER, type Classification } from "./policy/schema";
import { type CompiledRedactionPolicy, type Redaction, redactJson } from "./shared";

const PERSONAL = new Set(["email", "phone", "us_ssn", "uk_nino", "card_number", "iban"]);

export type SanitizeOptions = {
  redaction: CompiledRedactionPolicy | null;
  maxBytes: number;
  oversize: "truncate" | "refuse";
  injection: "warn" | "strip" | "block";
  classification: Classification;
};

export type Sanitized = {
  result: Record<string, unknown>;
  redactions: Redaction[];
  injection: InjectionFinding[];
  classification: Classification;
  resultBytes: number;
  /** Why the result was withheld from the agent, if it was. */
  refused?: "oversize" | "injection";
  truncated: boolean;
};

type Content = { type?: unknown; text?: unknown; resource?: { text?: unknown } };

/**
 * Applies output controls to a `tools/call` result before it reaches the agent: prompt-injection
 * indicators (warn, strip or block), redaction of secrets and personal data with ingestion's own
 * detectors, classification, and the bulk-egress size limit.
 */
export function sanitizeResult(raw: Record<string, unknown>, o: SanitizeOptions): Sanitized {
  const resultBytes = Buffer.byteLength(JSON.stringify(raw));
  let result = raw;
  const injection = mergeFindings(texts(result).flatMap(detectInjection));
  const base = { injection, resultBytes, redactions: [] as Redaction[], truncated: false };
  if (injection.length > 0 && o.injection === "block")
    return {
      ...base,
      result: refusal("it contains prompt-injection indicators"),
      refused: "injection",
      classification: o.classification,
    };
  if (injection.length > 0 && o.injection === "strip") result = mapTexts(result, stripInjection);
  let redactions: Redaction[] = [];
  if (o.redaction) {
    const r = redactJson(result, o.redaction, "result");
    result = r.value as Record<string, unknown>;
    redactions = r.redactions.map((x) => ({ ...x, by: GUARD_BY }));
  }
  const classification = classify(o.classification, redactions);
  let truncated = false;
  if (resultBytes > o.maxBytes) {
    if (o.oversize === "refuse")
      return {
        ...base,
        redactions,
        classification,
        result: refusal(`it is ${resultBytes} bytes, over the limit of ${o.maxBytes}`),
        refused: "oversize",
      };
    result = truncate(result, o.maxBytes, resultBytes);
    truncated = true;
  }
  return { ...base, result, redactions, classification, truncated };
}

function refusal(why: string): Record<string, unknown> {
  return {
    content: [{ type: "text", text: `Tooltrail Guard withheld this result: ${why}.` }],
    isError: true,
  };
}

function classify(base: Classification, redactions: Redaction[]): Classification {
  let level = CLASSIFICATION_ORDER.indexOf(base);
  for (const r of redactions) {
    const found = PERSONAL.has(r.type) ? 2 : 3; // personal data: confidential; secrets: restricted
    level = Math.max(level, found);
  }
  return CLASSIFICATION_ORDER[level] ?? base;
}

/** Text parts of a tools/call, resources/read or prompts/get result, where injections hide. */
function parts(result: Record<string, unknown>): Content[] {
  const list = (v: unknown) => (Array.isArray(v) ? (v as Content[]) : []);
  const messages = list(result.messages).map((m) => (m as { content?: Content }).content ?? {});
  return [...list(result.content), ...list(result.contents), ...messages];
}

function texts(result: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const c of parts(result)) {
    if (typeof c?.text === "string") out.push(c.text);
    if (typeof c?.resource?.text === "string") out.push(c.resource.text);
  }
  if (result.structuredContent !== undefined) out.push(JSON.stringify(result.structuredContent));
  return out;
}

function mapTexts(
  result: Record<string, unknown>,
  f: (s: string) => string,
): Record<string, unknown> {
  const one = (c: Content): Content => {
    if (typeof c?.text === "string") return { ...c, text: f(c.text) };
    if (typeof c?.resource?.text === "string")
      return { ...c, resource: { ...c.resource, text: f(c.resource.text) } };
    return c;
  };
  const out: Record<string, unknown> = { ...result };
  if (Array.isArray(result.content)) out.content = (result.content as Content[]).map(one);
  if (Array.isArray(result.contents)) out.contents = (result.contents as Content[]).map(one);
  if (Array.isArray(result.messages))
    out.messages = (result.messages as { content?: Content }[]).map((m) =>
      m.content ? { ...m, content: one(m.content) } : m,
    );
  if (result.structuredContent !== undefined)
    out.structuredContent = JSON.parse(f(JSON.stringify(result.structuredContent)));
  return out;
}

/** Keeps text content up to the budget and drops the rest, saying so in the result. */
function truncate(
  result: Record<string, unknown>,
  max: number,
  total: number,
): Record<string, unknown> {
  let budget = max;
  const kept: unknown[] = [];
  for (const c of (Array.isArray(result.content) ? result.content : []) as Content[]) {
    if (budget <= 0) break;
    if (typeof c?.text === "string") {
      const text = c.text.length > budget ? c.text.slice(0, budget) : c.text;
      kept.push({ ...c, text });
      budget -= text.length;
    } else {
      const size = JSON.stringify(c).length;
      if (size <= budget) {
        kept.push(c);
        budget -= size;
      }
    }
  }
  kept.push({
    type: "text",
    text: `[truncated by Tooltrail Guard: the result was ${total} bytes, the limit is ${max}]`,
  });
  const { structuredContent: _dropped, ...rest } = result;
  return { ...rest, content: kept };
}

function mergeFindings(list: InjectionFinding[]): InjectionFinding[] {
  const m = new Map<InjectionFinding["type"], number>();
  for (const f of list) m.set(f.type, (m.get(f.type) ?? 0) + f.count);
  return [...m].map(([type, count]) => ({ type, count }));
}
