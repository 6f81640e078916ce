import Link from "next/link";
import { ActionForm, type FormState } from "@/components/settings/action-form";
import type { ViewSummary } from "@/lib/services/views/view-common";

type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;

export type SavedViewActions = {
  save: FormAction;
  update: FormAction;
  remove: FormAction;
};

/**
 * The explorer's saved views: the open one (its name, who saved it, whether the explorer has
 * moved away from it, its stable link), the list of views to open, and the forms to save the
 * explorer's state as a view, update, rename, share or delete one. Names are rendered as text.
 */
export function SavedViews(p: {
  tenantId: string;
  views: ViewSummary[];
  /** The view the explorer was opened from (?view=<id>), if any. */
  open: (ViewSummary & { changed: boolean; limited: boolean }) | null;
  /** The explorer's current parameters and hidden columns: what "save" and "update" store. */
  explorer: string;
  hidden: readonly string[];
  canWrite: boolean;
  actions: SavedViewActions;
}) {
  const t = encodeURIComponent(p.tenantId);
  const link = (v: ViewSummary) => `/${t}/views/${encodeURIComponent(v.id)}`;
  const state = (
    <>
      <input type="hidden" name="explorer" value={p.explorer} />
      <input type="hidden" name="hidden" value={p.hidden.join(",")} />
    </>
  );
  const open = p.open;
  return (
    <section className="row" aria-label="Saved views" data-testid="saved-views" style={{ gap: 8 }}>
      {open ? (
        <div className="row small" data-testid="open-view" style={{ gap: 6 }}>
          <span>
            View <strong data-testid="open-view-name">{open.name}</strong>{" "}
            <span className="muted">
              (
              {open.visibility === "private"
                ? "private"
                : `shared by ${open.mine ? "you" : open.owner}`}
              )
            </span>
          </span>
          {open.changed ? (
            <span className="chip" data-testid="view-changed">
              changed since saved
            </span>
          ) : null}
          {open.limited ? (
            <span className="chip" role="note">
              payload terms left out: your role may not search payloads
            </span>
          ) : null}
          <a href={link(open)} data-testid="view-link" className="muted">
            Link to this view
          </a>
          {p.canWrite && open.mayChange ? (
            <>
              {open.changed ? (
                <ActionForm action={p.actions.update} submit="Update view" inline>
                  <input type="hidden" name="id" value={open.id} />
                  {state}
                </ActionForm>
              ) : null}
              <details>
                <summary className="small">Rename, share or delete</summary>
                <div className="panel stack" style={{ position: "absolute", zIndex: 5, gap: 8 }}>
                  <ActionForm action={p.actions.update} submit="Save">
                    <input type="hidden" name="id" value={open.id} />
                    <label className="stack small" style={{ gap: 2 }}>
                      Name
                      <input name="name" defaultValue={open.name} maxLength={100} required />
                    </label>
                    <Visibility value={open.visibility} mine={open.mine} />
                  </ActionForm>
                  <ActionForm
                    action={p.actions.remove}
                    submit="Delete view"
                    danger
                    confirm={`Delete the view "${open.name}"?`}
                  >
                    <input type="hidden" name="id" value={open.id} />
                    {state}
                  </ActionForm>
                </div>
              </details>
            </>
          ) : null}
        </div>
      ) : null}
      <details data-testid="views-menu">
        <summary className="btn">Views ({p.views.length})</summary>
        <div
          className="panel stack"
          style={{ position: "absolute", zIndex: 5, gap: 8, minWidth: 320, maxWidth: 480 }}
        >
          {p.views.length === 0 ? (
            <p className="muted small">No saved views yet.</p>
          ) : (
            <ul className="stack" style={{ gap: 4, listStyle: "none", padding: 0, margin: 0 }}>
              {p.views.map((v) => (
                <li key={v.id} className="row small" style={{ gap: 6 }}>
                  <Link href={link(v)} data-testid="saved-view" prefetch={false}>
                    {v.name}
                  </Link>
                  <span className="muted">
                    {v.visibility === "shared" ? `shared · ${v.mine ? "you" : v.owner}` : "private"}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {p.canWrite ? (
            <ActionForm action={p.actions.save} submit="Save current view">
              {state}
              <label className="stack small" style={{ gap: 2 }}>
                Name
                <input
                  name="name"
                  maxLength={100}
                  required
                  placeholder="e.g. Denied writes, last 24 h"
                  data-testid="view-name"
                />
              </label>
              <Visibility value="private" mine />
            </ActionForm>
          ) : null}
        </div>
      </details>
    </section>
  );
}

function Visibility({ value, mine }: { value: "private" | "shared"; mine: boolean }) {
  return (
    <fieldset className="row small" style={{ gap: 8, border: 0, padding: 0, margin: 0 }}>
      <legend className="small">Who sees it</legend>
      <label>
        <input
          type="radio"
          name="visibility"
          value="private"
          defaultChecked={value === "private"}
          disabled={!mine}
        />{" "}
        Only me
      </label>
      <label>
        <input type="radio" name="visibility" value="shared" defaultChecked={value === "shared"} />{" "}
        Everyone in the organisation
      </label>
    </fieldset>
  );
}
