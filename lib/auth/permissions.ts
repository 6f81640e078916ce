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
  /** Counts of anomaly flags per severity and status, without what they say (every role). */
  "flags:count",
  /** Anomaly flags, their evidence (payloads still need events:payload) and incidents. */
  "flags:read",
  /** Acknowledge, resolve, assign, suppress and escalate flags; run incidents. */
  "flags:triage",
  /** Enable detection rules, set their parameters and allow-lists. */
  "detection:configure",
  /** The explorer's saved views: open the shared ones (and one's own private ones). */
  "views:read",
  /** Save views, and rename, update or delete one's own. */
  "views:write",
  /** Rename, update or delete anyone's shared view (an organisation's owners and admins). */
  "views:manage",
  /**
   * Access reviews (issue 13): open campaigns; those who run or audit them read every entry, a
   * reviewer the entries routed to them (lib/services/reviews/list-entries.ts#seesAll).
   */
  "reviews:read",
  /** Create, start, complete and cancel campaigns; record revocation exceptions. */
  "reviews:run",
  /** Decide entries: only those a campaign routes to the member (lib/services/reviews). */
  "reviews:decide",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_EVIDENCE: Permission[] = [
  "overview:read",
  "events:read",
  "events:payload",
  "quarantine:read",
  "flags:count",
  "flags:read",
  "views:read",
  "views:write",
];

/**
 * The one role-to-permission map. Admins configure (settings, keys) but do not read payloads or
 * export evidence: separation of duties. Auditors read everything and change nothing; their
 * membership's expiry is enforced by the guard. Viewers see the overview only, never a payload.
 * Anomaly flags follow the same split: owners and security analysts triage; compliance officers
 * and auditors read; admins configure the rules and read flags as they read events (to tune the
 * rules), without payloads and without deciding on a flag they may have tuned; every role,
 * viewers included, may see how many flags are open. Whoever reads events may save explorer
 * views (auditors too: a view is a way of reading, it changes no evidence or setting); owners
 * and admins may also change or delete anyone's shared view.
 */
export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set(PERMISSIONS),
  admin: new Set<Permission>([
    "overview:read",
    "reviews:read",
    "reviews:decide",
    "events:read",
    "members:read",
    "keys:read",
    "keys:manage",
    "settings:read",
    "settings:manage",
    "flags:count",
    "flags:read",
    "detection:configure",
    "views:read",
    "views:write",
    "views:manage",
  ]),
  compliance_officer: new Set<Permission>([
    ...READ_EVIDENCE,
    "reviews:read",
    "reviews:run",
    "reviews:decide",
    "events:export",
    "members:read",
    "settings:read",
  ]),
  security_analyst: new Set<Permission>([
    ...READ_EVIDENCE,
    "reviews:read",
    "reviews:decide",
    "events:export",
    "members:read",
    "settings:read",
    "flags:triage",
  ]),
  auditor: new Set<Permission>([...READ_EVIDENCE, "settings:read", "reviews:read"]),
  viewer: new Set<Permission>(["overview:read", "flags:count"]),
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
