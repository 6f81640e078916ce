import { isRole } from "@/lib/auth/guard";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { day } from "./role-fields";

/** A role as the members and pending invitations tables show it (unknown roles as stored). */
export function RoleCell({ role }: { role: string }) {
  return <td>{isRole(role) ? ROLE_LABELS[role] : role}</td>;
}

/** When access ends (auditors): "–" for never, marked when the date has passed. */
export function AccessEndsCell({ ends, now }: { ends: Date | null; now: number }) {
  return (
    <td>
      {ends ? (
        <span className={ends.getTime() <= now ? "badge badge-bad" : undefined}>{day(ends)}</span>
      ) : (
        "–"
      )}
    </td>
  );
}
