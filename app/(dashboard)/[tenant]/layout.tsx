import type { ReactNode } from "react";
import { guardPage } from "@/app/_lib/guard";
import { Sidebar } from "@/components/shell/sidebar";
import { ROLE_LABELS } from "@/lib/auth/permissions";

export default async function TenantLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ tenant: string }>;
}) {
  const { tenant } = await params;
  // Every role may see the overview: the layout needs the least permission; pages check theirs.
  const access = await guardPage(tenant, "overview:read", `/${tenant}`);
  return (
    <div className="shell">
      <Sidebar
        tenant={{ id: access.tenant.id, name: access.tenant.name }}
        user={{ email: access.user.email, roleLabel: ROLE_LABELS[access.role] }}
        others={access.memberships
          .filter((m) => m.tenantId !== access.tenant.id)
          .map((m) => ({ id: m.tenantId, name: m.tenantName }))}
        allowed={{
          events: access.can("events:read"),
          flags: access.can("flags:count"),
          reviews: access.can("reviews:read"),
          quarantine: access.can("quarantine:read"),
          settings: access.can("settings:read"),
          security: access.can("security:read"),
        }}
      />
      <main className="main">{children}</main>
    </div>
  );
}
