import { z } from "zod";
import type {
  NameTaken,
  SavedViewRecord,
  SavedViewVisibility,
} from "../../../db/store/saved-view-types";
import { TooltrailError } from "../../core/errors";
import { unsafeCharacter } from "../../queries/bad-request";
import { EXPLORER_COLUMNS } from "../../queries/events";
import { parseQuery } from "../../queries/query-language";
import {
  type SavedViewState,
  savedViewStateSchema,
  stateQuery,
} from "../../queries/saved-view-state";
import { audit, type TenantCtx } from "../context";

export const VIEW_NAME_CHARS = 100;

/** Ids this service makes: `v_` and 12 URL-safe characters. */
export const viewIdSchema = z.string().regex(/^v_[A-Za-z0-9_-]{1,64}$/, "not a saved view id");

export const viewNameSchema = z
  .string()
  .transform((s) => s.replace(/\s+/gu, " ").trim())
  .pipe(
    z
      .string()
      .min(1, "name the view")
      .max(VIEW_NAME_CHARS, `a view name has at most ${VIEW_NAME_CHARS} characters`)
      .refine((s) => unsafeCharacter(s) === null, "control characters are not accepted"),
  );

export const visibilitySchema = z.enum(["private", "shared"]);

/** The explorer's column ids, for the `hidden` list of a view. */
export const hiddenSchema = z
  .array(z.enum(EXPLORER_COLUMNS.map((c) => c.id) as [string, ...string[]]))
  .max(EXPLORER_COLUMNS.length);

/** Who owns what the actor saves: their user id, or the operator's name. */
export function ownerOf(ctx: TenantCtx): { id: string; label: string } {
  return ctx.actor.kind === "user"
    ? { id: ctx.actor.userId, label: ctx.actor.email }
    : { id: `operator:${ctx.actor.name}`, label: ctx.actor.name };
}

/**
 * A view the actor may see: shared, or private and theirs. Another person's private view, and
 * any view of another tenant (the store is this tenant's), is not found, never forbidden: its
 * existence is not disclosed.
 */
export async function visibleView(ctx: TenantCtx, id: string): Promise<SavedViewRecord> {
  const view = await ctx.data.views.get(id);
  if (!view || (view.visibility === "private" && view.ownerId !== ownerOf(ctx).id))
    throw new TooltrailError("not-found", `no saved view ${id}`);
  return view;
}

/**
 * Only the creator changes a view; an organisation's owners and admins also a shared one. A
 * refusal is audited (`action`, outcome denied): someone tried to change a view the team relies on.
 */
export async function requireMayChange(
  ctx: TenantCtx,
  view: SavedViewRecord,
  action: string,
): Promise<void> {
  if (mayChange(ctx, view)) return;
  throw await refused(
    ctx,
    action,
    view,
    `only its creator (${view.ownerLabel}) or the organisation's owners and admins may change the shared view "${view.name}"`,
  );
}

/** A refused change to a view: audited as denied, then the error to throw. */
export async function refused(
  ctx: TenantCtx,
  action: string,
  view: SavedViewRecord,
  message: string,
): Promise<TooltrailError> {
  await audit(ctx, {
    action,
    outcome: "denied",
    details: { view_id: view.id, name: view.name, owner: view.ownerLabel },
    reason: message,
  });
  return new TooltrailError("forbidden", message);
}

export function mayChange(ctx: TenantCtx, view: SavedViewRecord): boolean {
  return (
    view.ownerId === ownerOf(ctx).id || (view.visibility === "shared" && ctx.can("views:manage"))
  );
}

export function nameTaken(
  ctx: TenantCtx,
  name: string,
  visibility: SavedViewVisibility,
): TooltrailError {
  return new TooltrailError(
    "conflict",
    visibility === "shared"
      ? `a shared view named "${name}" already exists in ${ctx.tenant.name}: choose another name`
      : `you already have a private view named "${name}": choose another name`,
  );
}

export function isTaken<T extends object>(r: T | NameTaken): r is NameTaken {
  return "taken" in r;
}

/**
 * A payload search (free text, argument values) is an oracle for a role that may not read
 * payloads: such a role may not save one (the explorer already drops it from their view).
 */
export function requireQueryAllowed(ctx: TenantCtx, state: SavedViewState): void {
  if (!state.q || ctx.can("events:payload")) return;
  try {
    parseQuery(state.q, { allowPayload: false });
  } catch {
    throw new TooltrailError(
      "forbidden",
      "the query searches event payloads (free text or argument values), which your role may not read: remove those terms to save it",
    );
  }
}

/**
 * A stored state, checked again on the way out: a view saved before a column or sort was renamed
 * opens as far as it still parses, with what no longer does reported, rather than failing.
 */
export function readState(view: SavedViewRecord): SavedViewState {
  const parsed = savedViewStateSchema.safeParse(view.state);
  if (!parsed.success)
    throw new TooltrailError(
      "invalid-input",
      `the saved view "${view.name}" no longer matches the explorer: save it again`,
    );
  return parsed.data;
}

/** What the list and the explorer show of a view. */
export type ViewSummary = {
  id: string;
  name: string;
  visibility: SavedViewVisibility;
  owner: string;
  mine: boolean;
  mayChange: boolean;
  updatedAt: string;
  /** The explorer's query string of the view (its link is /<tenant>/views/<id>). */
  query: string;
};

export function summarize(ctx: TenantCtx, view: SavedViewRecord): ViewSummary {
  let query = "";
  try {
    query = stateQuery(readState(view));
  } catch {
    // Listed even when it no longer parses, so it can still be deleted.
  }
  return {
    id: view.id,
    name: view.name,
    visibility: view.visibility,
    owner: view.ownerLabel,
    mine: view.ownerId === ownerOf(ctx).id,
    mayChange: mayChange(ctx, view),
    updatedAt: view.updatedAt.toISOString(),
    query,
  };
}
