import { isRole } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import type { InvitationRow } from "./members-panel";

function day(d: Date | null): string {
  return d ? d.toISOString().slice(0, 10) : "–";
}

/**
 * Invitations nobody has accepted yet: they grant nothing until the invited person accepts, so
 * they are listed apart from the members. Inviting the same email again replaces the link.
 */
export function PendingInvitations({ invitations }: { invitations: InvitationRow[] }) {
  if (invitations.length === 0) return null;
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
                <td>{isRole(i.role) ? ROLE_LABELS[i.role] : i.role}</td>
                <td>{day(i.accessExpiresAt)}</td>
                <td>{i.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
