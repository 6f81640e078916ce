import { guardPage } from "@/app/_lib/guard";
import { readPageParams, segmentParam } from "@/app/_lib/params";
import { EntityPage } from "@/components/events/entity-page";
import { BadRequest } from "@/components/ui/bad-request";
import { auditEvent } from "@/lib/auth/audit";
import { loadEntity } from "@/lib/queries/entity";
import { limitView, parseView, toEventFilter, viewQuery } from "@/lib/queries/filters";
import { narrowToStoredEvents } from "@/lib/queries/narrow-view";

export const metadata = { title: "Tool" };

type Props = {
  params: Promise<{ tenant: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function ToolPage({ params, searchParams }: Props) {
  const { tenant, name: raw } = await params;
  const access = await guardPage(tenant, "events:read", `/${tenant}/tools/${raw}`);
  const base = `/${encodeURIComponent(access.tenant.id)}`;
  const input = readPageParams(await searchParams, (p) => ({
    tool: segmentParam("tool name", raw),
    view: parseView(p),
  }));
  if (!input.ok) return <BadRequest message={input.message} back={base} />;
  const { tool } = input.value;
  const view = await narrowToStoredEvents(
    limitView(input.value.view, access.can("events:payload")),
    access.store,
  );
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
      path={`${base}/tools/${encodeURIComponent(tool)}`}
      tenant={access.tenant.id}
      userId={access.user.id}
      search={access.can("events:payload")}
    />
  );
}
