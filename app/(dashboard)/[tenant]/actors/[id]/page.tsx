import { guardPage } from "@/app/_lib/guard";
import { readPageParams, segmentParam } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { saveExplorerColumnsAction } from "@/app/(dashboard)/[tenant]/events/actions";
import { EntityPage } from "@/components/events/entity-page";
import { BadRequest } from "@/components/ui/bad-request";
import { parseView } from "@/lib/queries/filters";
import { readActor } from "@/lib/services/reads/entity";

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
  const {
    view,
    data,
    hidden,
    openFlags,
    actor: about,
  } = await readActor({
    ctx: tenantCtx(access),
    input: { subject: actor, view: input.value.view },
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
      hidden={hidden}
      saveColumns={saveExplorerColumnsAction}
      search={access.can("events:payload")}
      {...(about ? { actor: about } : {})}
      openFlags={
        openFlags === null
          ? null
          : {
              count: openFlags,
              href: access.can("flags:read")
                ? `${base}/flags?status=open&status=acknowledged&subject=${encodeURIComponent(actor)}`
                : null,
            }
      }
    />
  );
}
