import { ROLE_LABELS } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";

/** A date as the settings tables show it (UTC day), or "" when there is none. */
export function day(d: Date | null): string {
  return d ? d.toISOString().slice(0, 10) : "";
}

/** The role picker and the access end date (required for auditors), for inviting and changing. */
export function RoleFields({ role, expires }: { role?: string; expires?: Date | null }) {
  return (
    <>
      <select name="role" defaultValue={role ?? "viewer"} aria-label="Role">
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      <input
        type="date"
        name="expires"
        defaultValue={day(expires ?? null)}
        aria-label="Access ends (auditors)"
        title="Access ends (required for auditors)"
      />
    </>
  );
}
