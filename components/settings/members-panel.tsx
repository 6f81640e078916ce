import type { listMembers, listPendingInvitations } from "@/lib/services/members/list-members";
import { ActionForm, type FormState } from "./action-form";
import { AccessEndsCell, RoleCell } from "./member-cells";
import { PendingInvitations } from "./pending-invitations";
import { RoleFields } from "./role-fields";

type FormAction = (prev: FormState, form: FormData) => Promise<FormState>;
export type MemberRow = Awaited<ReturnType<typeof listMembers>>[number];
export type InvitationRow = Awaited<ReturnType<typeof listPendingInvitations>>[number];

/**
 * The members of the tenant, their pending invitations and, for a role that manages members,
 * the forms that change them. The page binds each server action to its tenant (and member).
 */
export function MembersPanel({
  members,
  invitations,
  selfId,
  actions,
}: {
  members: MemberRow[];
  invitations: InvitationRow[];
  /** The signed-in user, who is never offered to remove themselves. */
  selfId: string;
  /** Present only when the role may manage members. */
  actions: {
    change(userId: string): FormAction;
    remove(userId: string): FormAction;
    invite: FormAction;
  } | null;
}) {
  const now = Date.now();
  return (
    <section className="panel" aria-label="Members">
      <h2>Members</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Access ends</th>
              {actions ? <th>Change</th> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>{m.email}</td>
                <RoleCell role={m.role} />
                <AccessEndsCell ends={m.expiresAt} now={now} />
                {actions ? (
                  <td style={{ overflow: "visible", maxWidth: "none" }}>
                    <div className="row nowrap">
                      <ActionForm action={actions.change(m.userId)} submit="Save" inline>
                        <RoleFields role={m.role} expires={m.expiresAt} />
                      </ActionForm>
                      {m.userId !== selfId ? (
                        <ActionForm
                          action={actions.remove(m.userId)}
                          submit="Remove"
                          danger
                          inline
                          confirm={`Remove ${m.email}?`}
                        />
                      ) : null}
                    </div>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PendingInvitations invitations={invitations} />
      {actions ? (
        <div style={{ marginTop: 14 }}>
          <h3>Invite someone</h3>
          <ActionForm action={actions.invite} submit="Invite" inline>
            <input
              name="email"
              type="email"
              placeholder="name@company.com"
              required
              aria-label="Email"
            />
            <RoleFields />
          </ActionForm>
        </div>
      ) : null}
    </section>
  );
}
