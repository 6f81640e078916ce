import { readFile } from "node:fs/promises";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { type Policy, policySchema } from "./schema";

/** A policy that cannot be used, with every problem located as `file:line:column: message`. */
export class PolicyError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid policy ${file}:\n  ${problems.join("\n  ")}`);
  }
}

const MAX_POLICY_BYTES = 1024 * 1024;

/** Parses and validates policy text (YAML, of which JSON is a subset). */
export function parsePolicy(text: string, file = "policy"): Policy {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES)
    throw new PolicyError(file, [`is larger than ${MAX_POLICY_BYTES} bytes`]);
  const lines = new LineCounter();
  // uniqueKeys: a key given twice is almost always a mistake that would hide a control.
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (offset: number) => {
    const p = lines.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0)
    throw new PolicyError(
      file,
      doc.errors.map((e) => `${at(e.pos[0])}: ${e.message.split("\n")[0]}`),
    );
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new PolicyError(file, [`${file}: ${(err as Error).message}`]);
  }
  if (data === null || typeof data !== "object" || Array.isArray(data))
    throw new PolicyError(file, [`${file}:1:1: the policy must be a mapping (version: 1, id: …)`]);
  const result = policySchema.safeParse(data);
  if (result.success) return result.data;
  throw new PolicyError(
    file,
    result.error.issues.map((i) => locate(i, doc, at)),
  );
}

function locate(
  issue: z.core.$ZodIssue,
  doc: ReturnType<typeof parseDocument>,
  at: (offset: number) => string,
): string {
  const path = issue.path.map((k) => (typeof k === "symbol" ? String(k) : k));
  const keys =
    issue.code === "unrecognized_keys" ? ` (${issue.keys.map((k) => `"${k}"`).join(", ")})` : "";
  const name = path.length > 0 ? path.join(".") : "policy";
  // The deepest node that exists: a missing key is reported at the mapping that lacks it.
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) {
      if (issue.code === "unrecognized_keys") {
        const bad = doc.getIn([...path.slice(0, n)], true);
        const pos = firstKeyOffset(bad, issue.keys);
        if (pos !== undefined) return `${at(pos)}: ${name}: ${issue.message}${keys}`;
      }
      return `${at(node.range[0])}: ${name}: ${issue.message}${keys}`;
    }
  }
  return `${name}: ${issue.message}${keys}`;
}

function firstKeyOffset(node: unknown, keys: string[]): number | undefined {
  const items = (node as { items?: { key?: { value?: unknown; range?: number[] } }[] })?.items;
  for (const item of items ?? []) {
    if (keys.includes(String(item.key?.value)) && item.key?.range) return item.key.range[0];
  }
  return undefined;
}

export async function loadPolicyFile(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new PolicyError(file, [`cannot read: ${(err as NodeJS.ErrnoException).code ?? err}`]);
  }
  return parsePolicy(text, file);
}
