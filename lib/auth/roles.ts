/** Dashboard roles; the permission map arrives with the dashboard (issue: dashboard core). */
export const ROLES = [
  "owner",
  "admin",
  "compliance_officer",
  "security_analyst",
  "auditor",
  "viewer",
] as const;
export type Role = (typeof ROLES)[number];
