import { z } from "zod";
import type { Dimension } from "../../../db/store/types";
import {
  type ActorIdentity,
  type EntityView,
  loadActorIdentity,
  loadEntity,
  loadServerTimeline,
  type ServerTimeline,
} from "../../queries/entity";
import type { ExplorerColumn } from "../../queries/events";
import {
  FILTER_LIMITS,
  limitView,
  toEventFilter,
  type ViewState,
  viewQuery,
} from "../../queries/filters";
import { narrowToStoredEvents } from "../../queries/narrow-view";
import { audit, requirePermission, type TenantCtx } from "../context";
import { openFlagsAbout } from "../flags/flags-overview";
import { parseInput } from "../parse-input";
import { readHiddenColumns } from "./events-page";
import { viewSchema } from "./view-schema";

export const readEntityInput = z.object({
  subject: z.string().min(1).max(FILTER_LIMITS.valueChars),
  view: viewSchema,
});

export type EntityRead = {
  view: ViewState;
  data: EntityView;
  /** The user's hidden explorer columns, for the table of latest calls. */
  hidden: ExplorerColumn[];
  /** Open anomaly flags about the subject (flags:count), null for roles without it. */
  openFlags: number | null;
  /** The actor page's: who the events say the actor is, and its activity per server. */
  actor?: { identity: ActorIdentity; servers: ServerTimeline };
};

/** What each entity page filters by, the tops it shows, and its audit action. */
const ENTITIES = {
  actor: { tops: ["tool", "server", "client", "agent"], action: "actor.view" },
  tool: { tops: ["actor", "server", "client", "agent"], action: "tool.view" },
} as const satisfies Record<string, { tops: Dimension[]; action: string }>;

async function readEntity(
  kind: keyof typeof ENTITIES,
  ctx: TenantCtx,
  input: z.input<typeof readEntityInput>,
): Promise<EntityRead> {
  const { subject, view: asked } = parseInput(readEntityInput, input);
  requirePermission(ctx, "events:read");
  const view = await narrowToStoredEvents(limitView(asked, ctx.can("events:payload")), ctx.data);
  const { tops, action } = ENTITIES[kind];
  const filter = { ...toEventFilter(view), [kind]: [subject] };
  const [data, hidden, actor] = await Promise.all([
    loadEntity(ctx.data, filter, view.bucketSeconds, [...tops]),
    readHiddenColumns({ ctx }),
    kind === "actor"
      ? Promise.all([
          loadActorIdentity(ctx.data, subject),
          loadServerTimeline(ctx.data, filter, view.bucketSeconds),
        ]).then(([identity, servers]) => ({ identity, servers }))
      : undefined,
  ]);
  const partner = kind === "actor" ? "tool" : "actor";
  const partners = data.tops.find((t) => t.dimension === partner)?.rows.map((r) => r.key) ?? [];
  const openFlags = await openFlagsAbout(ctx, kind, subject, partners);
  await audit(ctx, { action, details: { [kind]: subject, query: viewQuery(view) } });
  return { view, data, hidden, openFlags, ...(actor ? { actor } : {}) };
}

/**
 * Everything recorded about one actor over the view, with its name and email as its events give
 * them and its activity per server, audited as `actor.view`.
 */
export function readActor({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof readEntityInput>;
}) {
  return readEntity("actor", ctx, input);
}

/** Everything recorded about one tool over the view, audited as `tool.view`. */
export function readTool({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof readEntityInput>;
}) {
  return readEntity("tool", ctx, input);
}
