import { z } from "zod";
import type { QuarantinedEvent, QuarantineFilter } from "../../../db/store/types";
import { PAGE_SIZES } from "../../queries/events";
import { audit, requirePermission, type TenantCtx } from "../context";
import { parseInput } from "../parse-input";

const seq = z.number().int().nonnegative().max(999_999_999_999_999);
const text = (max: number) => z.string().min(1).max(max);

export const readQuarantineInput = z
  .object({
    /** received_at in [from, to); either end may be open. */
    from: z.date().optional(),
    to: z.date().optional(),
    key: text(512).optional(),
    eventId: text(512).optional(),
    /** Text of an error's path or message. */
    error: text(200).optional(),
    /** The page ends before this seq (the previous page's last row): older rows. */
    before: seq.optional(),
    /** The page starts after this seq (the next page's first row): newer rows. */
    after: seq.optional(),
    size: z
      .number()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n), {
        message: `must be one of ${PAGE_SIZES.join(", ")}`,
      })
      .default(50),
  })
  .refine((i) => i.before === undefined || i.after === undefined, {
    message: "give before or after, not both",
    path: ["after"],
  });

export type QuarantinePage = {
  rows: QuarantinedEvent[];
  /** Rows matching the filter over the whole range, not only this page. */
  total: number;
  /** `before` of the next older page, or null at the oldest. */
  older: number | null;
  /** `after` of the next newer page, or null at the newest. */
  newer: number | null;
};

/** One page of the tenant's quarantine, newest first, audited as `quarantine.list`. */
export async function readQuarantine({
  ctx,
  input,
}: {
  ctx: TenantCtx;
  input: z.input<typeof readQuarantineInput>;
}): Promise<QuarantinePage> {
  const i = parseInput(readQuarantineInput, input);
  requirePermission(ctx, "quarantine:read");
  const filter: QuarantineFilter = {
    ...(i.from || i.to
      ? { range: { ...(i.from ? { from: i.from } : {}), ...(i.to ? { to: i.to } : {}) } }
      : {}),
    ...(i.key ? { ingestKeyId: i.key } : {}),
    ...(i.eventId ? { eventId: i.eventId } : {}),
    ...(i.error ? { errorText: i.error } : {}),
  };
  const cursor =
    i.after !== undefined
      ? { afterSeq: i.after }
      : i.before !== undefined
        ? { beforeSeq: i.before }
        : {};
  const [rows, total] = await Promise.all([
    ctx.data.listQuarantine({ ...filter, ...cursor, limit: i.size + 1 }),
    ctx.data.countQuarantine(filter),
  ]);
  // One row more than a page says whether there is more in the direction read: for a newer
  // page that extra row is its newest (first), otherwise its oldest (last).
  const more = rows.length > i.size;
  const page = i.after !== undefined ? rows.slice(more ? 1 : 0) : rows.slice(0, i.size);
  await audit(ctx, {
    action: "quarantine.list",
    details: {
      ...(i.from ? { from: i.from.toISOString() } : {}),
      ...(i.to ? { to: i.to.toISOString() } : {}),
      ...(i.key ? { key: i.key } : {}),
      ...(i.eventId ? { event_id: i.eventId } : {}),
      ...(i.error ? { error: i.error } : {}),
      ...(i.before !== undefined ? { before: i.before } : {}),
      ...(i.after !== undefined ? { after: i.after } : {}),
      size: i.size,
      rows: page.length,
      total,
    },
  });
  const first = page[0];
  const last = page.at(-1);
  const olderExists = i.after !== undefined ? page.length > 0 : more;
  const newerExists = i.after !== undefined ? more : i.before !== undefined;
  return {
    rows: page,
    total,
    older: olderExists && last ? last.seq : null,
    newer: newerExists && first ? first.seq : null,
  };
}
