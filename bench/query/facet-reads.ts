import { FACET_DIMENSIONS } from "../../db/store/event-facets";
import type { EventFilter, QueryNode, TenantStore } from "../../db/store/types";
import { FACET_CAP, FACET_LIMIT, FACET_SAMPLE } from "../../lib/services/reads/event-facets";
import type { ReadTiming } from "./reads";

const HOUR = 3_600_000;
const TOOL = { kind: "match", field: "tool", op: "eq", value: "github_read" } as const;
const NOT_TOOL: QueryNode = { kind: "not", node: TOOL };

/**
 * The explorer's facets and total over 30 days as its page asks for them (MCP traffic, the
 * service's limit and cap): with no query (rollups), after a facet click (`tool:github_read`,
 * lifted into the rollups' filter; the actor and client facets still need raw events), and with
 * a negation no rollup answers (raw events, newest first up to the cap).
 */
export async function timeFacetReads(
  t: TenantStore,
  o: { nowMs: number; runs: number },
): Promise<ReadTiming[]> {
  const to = new Date(Math.ceil(o.nowMs / HOUR) * HOUR);
  const month: EventFilter = { from: new Date(to.getTime() - 30 * 24 * HOUR), to, activity: "mcp" };
  const facets = (f: EventFilter) =>
    t.facets(f, {
      dimensions: FACET_DIMENSIONS,
      limit: FACET_LIMIT,
      sample: FACET_SAMPLE,
      cap: FACET_CAP,
    });
  const reads: [string, () => Promise<unknown>][] = [
    ["explorer facets + total, 30 d", () => facets(month)],
    ["explorer facets + total, 30 d, tool:x", () => facets({ ...month, query: TOOL })],
    ["explorer facets + total, 30 d, -tool:x", () => facets({ ...month, query: NOT_TOOL })],
    ["explorer total only, 30 d", () => t.countUpTo(month, FACET_CAP)],
    [
      "explorer total only, 30 d, -tool:x",
      () => t.countUpTo({ ...month, query: NOT_TOOL }, FACET_CAP),
    ],
  ];
  const out: ReadTiming[] = [];
  for (const [name, read] of reads) {
    await read();
    await read();
    const ms: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      const t0 = performance.now();
      await read();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] as number;
    out.push({ name, p50: at(0.5), p95: at(0.95), runs: o.runs });
  }
  return out;
}
