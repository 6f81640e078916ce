import Link from "next/link";
import { guardPage } from "@/app/_lib/guard";
import { readPageParams } from "@/app/_lib/params";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { CoverageTable } from "@/components/sources/coverage-table";
import { BadRequest } from "@/components/ui/bad-request";
import { EmptyState } from "@/components/ui/empty-state";
import { visible } from "@/components/ui/visible";
import { BadRequestError, type Params } from "@/lib/queries/bad-request";
import { readSources, SOURCE_RANGES, type SourceRange } from "@/lib/services/reads/sources";

export const metadata = { title: "Sources" };

/** `range`: 24h, 7d or 30d (7d when absent); anything else is a BadRequestError. */
function parseRange(p: Params): SourceRange {
  const raw = Array.isArray(p.range) ? p.range[0] : p.range;
  if (raw === undefined || raw === "") return "7d";
  if (Object.hasOwn(SOURCE_RANGES, raw)) return raw as SourceRange;
  throw new BadRequestError(`range must be one of ${Object.keys(SOURCE_RANGES).join(", ")}`);
}

type Props = {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

/**
 * Source coverage: which evidence fields each source (ingest key) actually fills, so gaps in the
 * trail show before an auditor finds them. The same computation as `tooltrail sources`.
 */
export default async function SourcesPage({ params, searchParams }: Props) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "events:read", `/${tenant}/sources`);
  const path = `/${encodeURIComponent(access.tenant.id)}/sources`;
  const input = readPageParams(await searchParams, parseRange);
  if (!input.ok) return <BadRequest message={input.message} back={path} />;
  const { range, sources, gaps } = await readSources({
    ctx: tenantCtx(access),
    input: { range: input.value },
  });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Sources</h1>
          <p>
            How much evidence each source sends: the share of its events that fill each field of the
            audit record, over the last {range}.
          </p>
        </div>
        <nav className="row" aria-label="Range">
          {(Object.keys(SOURCE_RANGES) as SourceRange[]).map((r) => (
            <Link
              key={r}
              className={r === range ? "btn btn-primary" : "btn"}
              href={`${path}?range=${r}`}
            >
              {r}
            </Link>
          ))}
        </nav>
      </div>
      {sources.length === 0 ? (
        <div className="panel">
          <EmptyState title="No sources yet">
            <p>Create an ingest key in Settings and send events to see their coverage here.</p>
          </EmptyState>
        </div>
      ) : (
        <div className="stack">
          {gaps.length > 0 ? (
            <section className="panel" data-testid="gaps">
              <h2>Largest gaps</h2>
              <ul>
                {gaps.map((g) => (
                  <li key={`${g.key}:${g.field}`}>
                    <strong>{visible(g.name) ?? g.key}</strong>: {g.text}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <section className="panel">
            <CoverageTable sources={sources} />
          </section>
        </div>
      )}
    </>
  );
}
