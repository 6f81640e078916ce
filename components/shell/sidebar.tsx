import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { NavLink } from "./nav-link";

export type SidebarProps = {
  tenant: { id: string; name: string };
  user: { email: string; roleLabel: string };
  others: { id: string; name: string }[];
  allowed: {
    events: boolean;
    flags: boolean;
    reviews: boolean;
    quarantine: boolean;
    settings: boolean;
    security: boolean;
  };
};

export function Sidebar({ tenant, user, others, allowed }: SidebarProps) {
  const base = `/${encodeURIComponent(tenant.id)}`;
  return (
    <aside className="sidebar" aria-label="Navigation">
      <Link href="/" className="brand">
        <span className="brand-mark" /> Tooltrail
      </Link>
      <div>
        <div className="nav-label">Organisation</div>
        <div
          style={{ color: "#fff", padding: "4px 10px", fontWeight: 600 }}
          data-testid="tenant-name"
        >
          {tenant.name}
        </div>
        {others.length > 0 ? (
          <nav className="nav small" aria-label="Other organisations">
            {others.map((o) => (
              <Link key={o.id} href={`/${encodeURIComponent(o.id)}`}>
                Switch to {o.name}
              </Link>
            ))}
          </nav>
        ) : null}
      </div>
      <nav className="nav" aria-label="Sections">
        <NavLink href={base} exact>
          Overview
        </NavLink>
        {allowed.events ? <NavLink href={`${base}/events`}>Events</NavLink> : null}
        {allowed.flags ? <NavLink href={`${base}/flags`}>Flags</NavLink> : null}
        {allowed.reviews ? <NavLink href={`${base}/reviews`}>Access reviews</NavLink> : null}
        {allowed.events ? <NavLink href={`${base}/sources`}>Sources</NavLink> : null}
        {allowed.quarantine ? <NavLink href={`${base}/quarantine`}>Quarantine</NavLink> : null}
        {allowed.settings ? <NavLink href={`${base}/settings`}>Settings</NavLink> : null}
        {allowed.security ? <NavLink href={`${base}/security`}>Security</NavLink> : null}
      </nav>
      <div className="sidebar-foot">
        <div>
          <div style={{ color: "#e5e7eb", overflow: "hidden", textOverflow: "ellipsis" }}>
            {user.email}
          </div>
          <div>{user.roleLabel}</div>
        </div>
        <SignOutButton className="btn" />
      </div>
    </aside>
  );
}
