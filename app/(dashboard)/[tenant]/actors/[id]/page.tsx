import { guardPage } from "@/app/_lib/guard";
import { readPageParams, segmentParam } from "@/app/_lib/params";
import { EntityPage } from "@/components/events/entity-page";
import { BadRequest } from "@/components/ui/bad-request";
import { auditEvent } from "@/lib/auth/audit";
import { loadEntity } from "@/lib/queries/entity";
import { limitView, parseView, toEventFilter, viewQuery } from "@/lib/queries/filters";
import { narrowToStoredEvents } from "@/lib/queries/narrow-view";

export const metadata = { title: "Actor" };

type Props = {
  params: Promise<{ tenant: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ActorPage({ params, searchParams }: Props) {
  const { tenant, id: raw } = await params;
  const access = await guardPage(tenant, "events:read", `/${tenant}/actors/${raw}`);
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const input = readPageParams(await searchParams, (p) => ({
    actor: segmentParam("actor id", raw),
    view: parseView(p),
  }));
  if (!input.ok) return <BadRequest message={input.message} back={base} />;
  const { actor } = input.value;
  const view = await narrowToStoredEvents(
    limitView(input.value.view, access.can("events:payload")),
    access.store,
  );
  const data = await loadEntity(
    access.store,
    { ...toEventFilter(view), actor: [actor] },
    view.bucketSeconds,
    ["tool", "server", "client", "agent"],
  );
  await auditEvent(access.tenant.id, access.actor, {
    action: "actor.view",
    details: { actor, query: viewQuery(view) },
  });
  return (
    <EntityPage
      kind="Actor"
      subject={actor}
      dimension="actor"
      data={data}
      view={view}
      path={`${base}/actors/${encodeURIComponent(actor)}`}
      tenant={access.tenant.id}
      userId={access.user.id}
      search={access.can("events:payload")}
    />
  );
}
