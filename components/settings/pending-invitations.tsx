import { AccessEndsCell, RoleCell } from "./member-cells";
import type { InvitationRow } from "./members-panel";

/**
 * Invitations nobody has accepted yet: they grant nothing until the invited person accepts, so
 * they are listed apart from the members. Inviting the same email again replaces the link.
 */
export function PendingInvitations({ invitations }: { invitations: InvitationRow[] }) {
  if (invitations.length === 0) return null;
  const now = Date.now();
  return (
    <section style={{ marginTop: 14 }} aria-label="Pending invitations">
      <h3>Pending invitations</h3>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>Email</th>
              <th>Role</th>
              <th>Access ends</th>
              <th>Link expires</th>
            </tr>
          </thead>
          <tbody>
            {invitations.map((i) => (
              <tr key={i.tokenHash}>
                <td>{i.email}</td>
                <RoleCell role={i.role} />
                <AccessEndsCell ends={i.accessExpiresAt} now={now} />
                <td>{i.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
