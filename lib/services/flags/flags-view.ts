import { z } from "zod";
import { FLAG_STATUSES } from "../../../db/store/detection-types";
import { RULE_IDS, SEVERITIES } from "../../detect/types";
import { BadRequestError, type Params } from "../../queries/bad-request";
import { FLAG_SORTS, type ListFlagsInput } from "./list-flags";

export const FLAGS_PAGE_SIZE = 50;

const many = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter(Boolean))
    .pipe(z.array(z.enum(values, { message: `use one of ${values.join(", ")}` })).max(20));

const one = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v[0] : v)?.trim() || undefined);

const day = one.pipe(
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "use a date as YYYY-MM-DD")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), "is not a calendar date")
    .optional(),
);

const schema = z.object({
  severity: many(SEVERITIES),
  rule: many(RULE_IDS),
  status: many(FLAG_STATUSES),
  subject: one.pipe(z.string().max(1000, "at most 1000 characters").optional()),
  assignee: one.pipe(z.string().max(200, "at most 200 characters").optional()),
  from: day,
  to: day,
  page: one
    .pipe(
      z
        .string()
        .regex(/^[1-9]\d{0,4}$/, "use a page number from 1")
        .default("1"),
    )
    .transform(Number),
  sort: one.pipe(z.enum(FLAG_SORTS).default("last_seen")),
  order: one.pipe(z.enum(["asc", "desc"]).default("desc")),
});

export type FlagsView = z.output<typeof schema>;

/**
 * The Flags page's URL (filters, page, order) as the listFlags input; a parameter it cannot use
 * is a BadRequestError naming it. `from`/`to` are UTC days: episodes overlapping [from, to + 1 day).
 */
export function parseFlagsView(params: Params): { view: FlagsView; input: ListFlagsInput } {
  const r = schema.safeParse(params);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new BadRequestError(`${String(i?.path[0] ?? "a parameter")}: ${i?.message ?? "invalid"}`);
  }
  const v = r.data;
  const input: ListFlagsInput = {
    limit: FLAGS_PAGE_SIZE,
    offset: (v.page - 1) * FLAGS_PAGE_SIZE,
    sort: v.sort,
    order: v.order,
    ...(v.severity.length ? { severity: v.severity } : {}),
    ...(v.rule.length ? { rule: v.rule } : {}),
    ...(v.status.length ? { status: v.status } : {}),
    ...(v.subject ? { subject: v.subject } : {}),
    ...(v.assignee ? { assignee: v.assignee } : {}),
    ...(v.from ? { from: new Date(`${v.from}T00:00:00Z`) } : {}),
    ...(v.to ? { to: new Date(Date.parse(`${v.to}T00:00:00Z`) + 86_400_000) } : {}),
  };
  return { view: v, input };
}

/** The URL query of a view, with some parameters changed (for links: pages, sorting). */
export function flagsQuery(
  view: FlagsView,
  over: Partial<Record<keyof FlagsView, string | string[] | null>> = {},
): string {
  const q = new URLSearchParams();
  const merged: Record<string, unknown> = { ...view, ...over };
  for (const [k, v] of Object.entries(merged)) {
    if (v === null || v === undefined || v === "") continue;
    if (k === "page" && Number(v) === 1) continue;
    if (k === "sort" && v === "last_seen") continue;
    if (k === "order" && v === "desc") continue;
    for (const x of Array.isArray(v) ? v : [v]) q.append(k, String(x));
  }
  const s = q.toString();
  return s ? `?${s}` : "";
}
