import type { Role } from "./roles";

/**
 * Everything a dashboard user can be allowed to do. Pages, route handlers and server actions
 * name one of these when they call the guard; nothing else decides access.
 */
export const PERMISSIONS = [
  "overview:read",
  "events:read",
  "events:payload",
  "events:export",
  "quarantine:read",
  "members:read",
  "members:manage",
  "keys:read",
  "keys:manage",
  "settings:read",
  "settings:manage",
  /** The instance security log (owners only; the page shows it to owners of every tenant). */
  "security:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_EVIDENCE: Permission[] = [
  "overview:read",
  "events:read",
  "events:payload",
  "quarantine:read",
];

/**
 * The one role-to-permission map. Admins configure (settings, keys) but do not read payloads or
 * export evidence: separation of duties. Auditors read everything and change nothing; their
 * membership's expiry is enforced by the guard. Viewers see the overview only, never a payload.
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(PERMISSIONS),
  admin: new Set<Permission>([
    "overview:read",
    "events:read",
    "members:read",
    "keys:read",
    "keys:manage",
    "settings:read",
    "settings:manage",
  ]),
  compliance_officer: new Set<Permission>([
    ...READ_EVIDENCE,
    "events:export",
    "members:read",
    "settings:read",
  ]),
  security_analyst: new Set<Permission>([
    ...READ_EVIDENCE,
    "events:export",
    "members:read",
    "settings:read",
  ]),
  auditor: new Set<Permission>([...READ_EVIDENCE, "settings:read"]),
  viewer: new Set<Permission>(["overview:read"]),
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  compliance_officer: "Compliance officer",
  security_analyst: "Security analyst",
  auditor: "Auditor",
  viewer: "Viewer",
};
