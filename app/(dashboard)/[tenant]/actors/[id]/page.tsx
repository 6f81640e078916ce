import { guardPage } from "@/app/_lib/guard";
import { decodeParam } from "@/app/_lib/params";
import { EntityPage } from "@/components/events/entity-page";
import { auditEvent } from "@/lib/auth/audit";
import { loadEntity } from "@/lib/queries/entity";
import { limitView, parseView, toEventFilter, viewQuery } from "@/lib/queries/filters";

export const metadata = { title: "Actor" };

type Props = {
  params: Promise<{ tenant: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ActorPage({ params, searchParams }: Props) {
  const { tenant, id: raw } = await params;
  const actor = decodeParam(raw);
  const access = await guardPage(tenant, "events:read", `/${tenant}/actors/${raw}`);
  const view = limitView(parseView(await searchParams), access.can("events:payload"));
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
      path={`/${encodeURIComponent(access.tenant.id)}/actors/${encodeURIComponent(actor)}`}
      tenant={access.tenant.id}
      userId={access.user.id}
      search={access.can("events:payload")}
    />
  );
}
