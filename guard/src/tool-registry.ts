import type { Guard } from "./guard";
import { detectInjection } from "./injection";
import { type ToolDef, toolHash } from "./pinning";

export type ToolFinding = { kind: "rug_pull" | "poisoning"; summary: string };
type Listed = ToolDef & { hash: string };
type Lister = (
  cursor: string | undefined,
) => Promise<{ tools?: unknown; nextCursor?: unknown } | null>;

/**
 * The server's tools as Guard knows them: input schemas for validation, definition hashes
 * compared with the pins (rug pulls), and tool poisoning (instructions hidden in definitions).
 * Guard lists the tools itself, all pages, when the session starts and when the server says its
 * list changed, so validation never depends on what the client happened to list.
 */
export class ToolRegistry {
  private tools = new Map<string, Listed>();
  private loading: Promise<void> | null = null;
  private readonly changed = new Set<string>();

  constructor(
    private readonly guard: Guard,
    private readonly list: Lister,
    private readonly serverName: () => string,
    private readonly report: (finding: ToolFinding) => void,
  ) {}

  get(name: string): Listed | undefined {
    return this.tools.get(name);
  }

  /** Whether the tool's definition differs from its pin (reported, possibly refused). */
  isChanged(name: string): boolean {
    return this.changed.has(name);
  }

  /** Waits for the first complete listing (started now if nobody started it). */
  ready(): Promise<void> {
    this.loading ??= this.refresh();
    return this.loading;
  }

  /** Lists again (the session started, or the server announced a change). */
  reload(): void {
    this.loading = this.refresh();
  }

  /** A page the client listed: fills gaps until Guard's own listing is complete. */
  noteListed(list: unknown): void {
    if (!Array.isArray(list)) return;
    for (const t of list)
      if (typeof t?.name === "string" && !this.tools.has(t.name))
        this.tools.set(t.name, { ...(t as ToolDef), hash: toolHash(t as ToolDef) });
  }

  private async refresh(): Promise<void> {
    const all: ToolDef[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const r = await this.list(cursor);
      if (!r) {
        // Listing failed (server busy or down): let the next call try again.
        this.loading = null;
        return;
      }
      if (Array.isArray(r.tools)) all.push(...(r.tools as ToolDef[]));
      cursor = typeof r.nextCursor === "string" ? r.nextCursor : undefined;
      if (!cursor) break;
    }
    const tools = all.filter((t) => typeof t?.name === "string");
    const keep = this.guard.policy.current.policy.pinning.on_change === "deny";
    const { hashes, changes } = this.guard.pins.update(this.serverName(), tools, keep);
    this.tools = new Map(tools.map((t) => [t.name, { ...t, hash: hashes[t.name] ?? "" }]));
    for (const c of changes) if (c.change !== "removed") this.changed.add(c.tool);
    if (changes.length > 0)
      this.report({
        kind: "rug_pull",
        summary: changes.map((c) => `${c.tool} ${c.change}`).join(", "),
      });
    const poisoned = tools
      .map((t) => ({
        t,
        f: detectInjection(`${t.description ?? ""}\n${JSON.stringify(t.inputSchema ?? {})}`),
      }))
      .filter((x) => x.f.length > 0)
      .map((x) => `${x.t.name} (${x.f.map((f) => f.type).join("+")})`);
    if (poisoned.length > 0) this.report({ kind: "poisoning", summary: poisoned.join(", ") });
  }
}
