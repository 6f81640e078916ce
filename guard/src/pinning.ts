import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export type ToolDef = {
  name: string;
  description?: string;
  inputSchema?: unknown;
  [k: string]: unknown;
};

export type PinChange = {
  tool: string;
  change: "added" | "changed" | "removed";
  previous?: string;
  current?: string;
};

/** SHA-256 of a tool's name, description and input schema, canonical JSON (key order ignored). */
export function toolHash(t: ToolDef): string {
  const canonical = stable({
    name: t.name,
    description: t.description ?? "",
    inputSchema: t.inputSchema ?? null,
  });
  return createHash("sha256").update(canonical).digest("hex");
}

/** JSON with object keys sorted, so a server re-ordering keys is not reported as a change. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

type PinFile = { version: 1; servers: Record<string, Record<string, string>> };

/**
 * Tool-definition pins kept on disk between runs. The first listing of a server pins its tools;
 * a later listing whose hashes differ is a "rug pull" candidate: a tool that changed its
 * description or schema after it was approved. Changes are reported, and the new definition
 * becomes the pin once reported, so each change is reported once.
 */
export class ToolPins {
  private data: PinFile = { version: 1, servers: {} };

  constructor(private readonly file: string | null) {
    if (!file) return;
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as PinFile;
      if (parsed?.version === 1 && parsed.servers) this.data = parsed;
    } catch {
      // No pins yet (first run) or an unreadable file: start fresh, the next listing pins.
    }
  }

  current(server: string): Record<string, string> {
    return this.data.servers[server] ?? {};
  }

  /** Records a full listing and returns what changed since the previous one. */
  update(
    server: string,
    tools: ToolDef[],
    /** Keep the old pin of a changed tool, so it stays reported (and denied) until accepted. */
    keepChanged = false,
  ): { hashes: Record<string, string>; changes: PinChange[]; firstRun: boolean } {
    const before = this.data.servers[server];
    const hashes: Record<string, string> = {};
    for (const t of tools) hashes[t.name] = toolHash(t);
    const changes: PinChange[] = [];
    if (before) {
      for (const [name, h] of Object.entries(hashes)) {
        if (before[name] === undefined) changes.push({ tool: name, change: "added", current: h });
        else if (before[name] !== h)
          changes.push({ tool: name, change: "changed", previous: before[name], current: h });
      }
      for (const name of Object.keys(before))
        if (hashes[name] === undefined)
          changes.push({ tool: name, change: "removed", previous: before[name] });
    }
    const pinned = { ...hashes };
    if (keepChanged && before)
      for (const c of changes) {
        if (c.change === "changed" && c.previous) pinned[c.tool] = c.previous;
        if (c.change === "added") delete pinned[c.tool];
      }
    this.data.servers[server] = pinned;
    if (!before || changes.length > 0) this.save();
    return { hashes, changes, firstRun: !before };
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
