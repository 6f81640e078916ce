import { guardPage } from "@/app/_lib/guard";
import { readPageParams, segmentParam } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { saveExplorerColumnsAction } from "@/app/(dashboard)/[tenant]/events/actions";
import { EntityPage } from "@/components/events/entity-page";
import { BadRequest } from "@/components/ui/bad-request";
import { parseView } from "@/lib/queries/filters";
import { readTool } from "@/lib/services/reads/entity";

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
  const { view, data, hidden, openFlags } = await readTool({
    ctx: tenantCtx(access),
    input: { subject: tool, view: input.value.view },
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
      hidden={hidden}
      saveColumns={saveExplorerColumnsAction}
      search={access.can("events:payload")}
      openFlags={
        openFlags === null
          ? null
          : {
              count: openFlags,
              href: access.can("flags:read")
                ? `${base}/flags?status=open&status=acknowledged&subject=${encodeURIComponent(tool)}`
                : null,
            }
      }
    />
  );
}
