import { and, asc, desc, eq, inArray, isNull, lt, lte } from "drizzle-orm";
import { notifyDeliveries, notifyDestinations } from "../../schema";
import type { DeliveryRecord, DestinationRecord } from "../detection-types";
import type { Db } from "./database";
import { scrub, toDelivery, toDestination } from "./detection-rows";

/** Notification destinations and the delivery queue of one tenant (lib/notify). */

const DELIVERY_CHUNK = 2_000;

export async function listDestinations(db: Db, tenantId: string) {
  const rows = await db
    .select()
    .from(notifyDestinations)
    .where(eq(notifyDestinations.tenantId, tenantId))
    .orderBy(asc(notifyDestinations.createdAt), asc(notifyDestinations.id));
  return rows.map(toDestination);
}

export async function getDestination(db: Db, tenantId: string, id: string) {
  const [row] = await db
    .select()
    .from(notifyDestinations)
    .where(and(eq(notifyDestinations.tenantId, tenantId), eq(notifyDestinations.id, scrub(id))));
  return row ? toDestination(row) : null;
}

export async function putDestination(db: Db, tenantId: string, dest: DestinationRecord) {
  const d = scrub(dest);
  const { id: _, ...fields } = d;
  await db
    .insert(notifyDestinations)
    .values({ ...d, tenantId })
    .onConflictDoUpdate({
      target: [notifyDestinations.tenantId, notifyDestinations.id],
      set: fields,
    });
}

/**
 * Removes the destination and its pending deliveries (nothing would send them); delivered and
 * failed ones stay, as the log of what was sent.
 */
export async function removeDestination(db: Db, tenantId: string, id: string) {
  return db.transaction(async (tx) => {
    const gone = await tx
      .delete(notifyDestinations)
      .where(and(eq(notifyDestinations.tenantId, tenantId), eq(notifyDestinations.id, scrub(id))))
      .returning({ id: notifyDestinations.id });
    if (gone.length === 0) return false;
    await tx
      .delete(notifyDeliveries)
      .where(
        and(
          eq(notifyDeliveries.tenantId, tenantId),
          eq(notifyDeliveries.destinationId, id),
          eq(notifyDeliveries.status, "pending"),
        ),
      );
    return true;
  });
}

/** A conditional update: a destination removed or changed since it was read is left alone. */
export async function sealDestinationUrl(
  db: Db,
  tenantId: string,
  id: string,
  plainUrl: string,
  sealed: { url: string; secretCiphertext: string },
) {
  const d = notifyDestinations;
  const done = await db
    .update(d)
    .set({ url: sealed.url, secretCiphertext: sealed.secretCiphertext })
    .where(
      and(
        eq(d.tenantId, tenantId),
        eq(d.id, scrub(id)),
        eq(d.url, scrub(plainUrl)),
        isNull(d.secretCiphertext),
      ),
    )
    .returning({ id: d.id });
  return done.length === 1;
}

export async function enqueueDeliveries(db: Db, tenantId: string, list: readonly DeliveryRecord[]) {
  for (let i = 0; i < list.length; i += DELIVERY_CHUNK) {
    const part = list.slice(i, i + DELIVERY_CHUNK).map((d) => ({ ...scrub(d), tenantId }));
    await db.insert(notifyDeliveries).values(part).onConflictDoNothing();
  }
}

export async function dueDeliveries(
  db: Db,
  tenantId: string,
  now: Date,
  limit: number,
  destinationId?: string,
) {
  const rows = await db
    .select()
    .from(notifyDeliveries)
    .where(
      and(
        eq(notifyDeliveries.tenantId, tenantId),
        eq(notifyDeliveries.status, "pending"),
        lte(notifyDeliveries.nextAttemptAt, now),
        destinationId === undefined ? undefined : eq(notifyDeliveries.destinationId, destinationId),
      ),
    )
    .orderBy(
      asc(notifyDeliveries.nextAttemptAt),
      asc(notifyDeliveries.createdAt),
      asc(notifyDeliveries.id),
    )
    .limit(limit);
  return rows.map(toDelivery);
}

export async function updateDelivery(
  db: Db,
  tenantId: string,
  id: string,
  patch: Partial<DeliveryRecord>,
) {
  const { id: _, ...set } = scrub(patch);
  if (Object.keys(set).length === 0) return;
  await db
    .update(notifyDeliveries)
    .set(set)
    .where(and(eq(notifyDeliveries.tenantId, tenantId), eq(notifyDeliveries.id, id)));
}

/**
 * One conditional update: under concurrent callers PostgreSQL re-checks the condition after the
 * row lock, so only the first moves `next_attempt_at` past `now` and gets the row back.
 */
export async function claimDelivery(
  db: Db,
  tenantId: string,
  id: string,
  attempts: number,
  now: Date,
  until: Date,
) {
  const d = notifyDeliveries;
  const won = await db
    .update(d)
    .set({ nextAttemptAt: until })
    .where(
      and(
        eq(d.tenantId, tenantId),
        eq(d.id, id),
        eq(d.status, "pending"),
        eq(d.attempts, attempts),
        lte(d.nextAttemptAt, now),
      ),
    )
    .returning({ id: d.id });
  return won.length === 1;
}

export async function pruneDeliveries(db: Db, tenantId: string, before: Date) {
  const d = notifyDeliveries;
  const gone = await db
    .delete(d)
    .where(
      and(
        eq(d.tenantId, tenantId),
        inArray(d.status, ["delivered", "failed"]),
        lt(d.createdAt, before),
      ),
    )
    .returning({ id: d.id });
  return gone.length;
}

/** Newest first: the delivery log of one destination, or of all (null). */
export async function listDeliveries(
  db: Db,
  tenantId: string,
  destinationId: string | null,
  limit: number,
) {
  const rows = await db
    .select()
    .from(notifyDeliveries)
    .where(
      and(
        eq(notifyDeliveries.tenantId, tenantId),
        destinationId === null ? undefined : eq(notifyDeliveries.destinationId, destinationId),
      ),
    )
    .orderBy(desc(notifyDeliveries.createdAt), desc(notifyDeliveries.id))
    .limit(limit);
  return rows.map(toDelivery);
}
