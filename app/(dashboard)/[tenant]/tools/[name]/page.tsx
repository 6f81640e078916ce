import { guardPage } from "@/app/_lib/guard";
import { decodeParam } from "@/app/_lib/params";
import { EntityPage } from "@/components/events/entity-page";
import { auditEvent } from "@/lib/auth/audit";
import { loadEntity } from "@/lib/queries/entity";
import { limitView, parseView, toEventFilter, viewQuery } from "@/lib/queries/filters";

export const metadata = { title: "Tool" };

type Props = {
  params: Promise<{ tenant: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ToolPage({ params, searchParams }: Props) {
  const { tenant, name: raw } = await params;
  const tool = decodeParam(raw);
  const access = await guardPage(tenant, "events:read", `/${tenant}/tools/${raw}`);
  const view = limitView(parseView(await searchParams), access.can("events:payload"));
  const data = await loadEntity(
    access.store,
    { ...toEventFilter(view), tool: [tool] },
    view.bucketSeconds,
    ["actor", "server", "client", "agent"],
  );
  await auditEvent(access.tenant.id, access.actor, {
    action: "tool.view",
    details: { tool, query: viewQuery(view) },
  });
  return (
    <EntityPage
      kind="Tool"
      subject={tool}
      dimension="tool"
      data={data}
      view={view}
      path={`/${encodeURIComponent(access.tenant.id)}/tools/${encodeURIComponent(tool)}`}
      tenant={access.tenant.id}
      userId={access.user.id}
      search={access.can("events:payload")}
    />
  );
}
