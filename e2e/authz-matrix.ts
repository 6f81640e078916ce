import type { Permission } from "../lib/auth/permissions";

/**
 * Every page, route handler and server action of the dashboard, with what it requires. The
 * matrix test enumerates the app/ directory and the build's server-action manifest and fails on
 * anything missing here, then checks every identity against each entry over real HTTP.
 */
export type Requirement =
  | { permission: Permission }
  /** Anyone, signed in or not (sign-in, next-auth's own endpoints, token-protected links). */
  | { public: string }
  /** Any signed-in user: it shows only their own memberships. */
  | { signedIn: true };

/**
 * Route pattern (as in app/, groups removed) → requirement and a concrete path to request.
 * `absent`: the path names nothing that exists (no flag or incident in the demo data), so a role
 * the guard lets through gets 404 from the page, and any other role the guard's 403 first.
 */
export const ROUTES: Record<string, Requirement & { path: string; absent?: true }> = {
  "/": { signedIn: true, path: "/" },
  "/sign-in": { public: "the sign-in form", path: "/sign-in" },
  "/setup": { public: "one-time setup token", path: "/setup?token=guess" },
  "/invite": { public: "one-time invitation token", path: "/invite?token=guess" },
  "/api/auth/[...nextauth]": { public: "next-auth endpoints", path: "/api/auth/providers" },
  "/[tenant]": { permission: "overview:read", path: "/acme?range=7d" },
  "/[tenant]/events": { permission: "events:read", path: "/acme/events?range=7d" },
  "/[tenant]/events/[id]": { permission: "events:read", path: "/acme/events/EVENT_ID" },
  "/[tenant]/actors/[id]": { permission: "events:read", path: "/acme/actors/u-alice" },
  "/[tenant]/tools/[name]": { permission: "events:read", path: "/acme/tools/read_file" },
  "/[tenant]/quarantine": { permission: "quarantine:read", path: "/acme/quarantine" },
  "/[tenant]/sources": { permission: "events:read", path: "/acme/sources?range=30d" },
  "/[tenant]/settings": { permission: "settings:read", path: "/acme/settings" },
  "/[tenant]/security": { permission: "security:read", path: "/acme/security" },
  "/[tenant]/export": { permission: "events:export", path: "/acme/export?format=csv&range=1h" },
  "/[tenant]/flags": { permission: "flags:count", path: "/acme/flags?severity=high" },
  "/[tenant]/flags/[id]": {
    permission: "flags:read",
    path: "/acme/flags/00000000-0000-4000-8000-000000000000",
    absent: true,
  },
  "/[tenant]/views/[id]": { permission: "views:read", path: "/acme/views/v_none", absent: true },
  "/[tenant]/incidents": { permission: "flags:read", path: "/acme/incidents" },
  "/[tenant]/incidents/[id]": {
    permission: "flags:read",
    path: "/acme/incidents/00000000-0000-4000-8000-000000000000",
    absent: true,
  },
  "/[tenant]/reviews": { permission: "reviews:read", path: "/acme/reviews" },
  "/[tenant]/reviews/[id]": {
    permission: "reviews:read",
    path: "/acme/reviews/00000000-0000-4000-8000-000000000000",
    absent: true,
  },
  "/[tenant]/reviews/[id]/export": {
    permission: "reviews:read",
    path: "/acme/reviews/00000000-0000-4000-8000-000000000000/export?format=csv",
    absent: true,
  },
  "/[tenant]/reviews/[id]/print": {
    permission: "reviews:read",
    path: "/acme/reviews/00000000-0000-4000-8000-000000000000/print",
    absent: true,
  },
};

/**
 * `file#export` → requirement, with form fields that fail validation right after the guard, so
 * an allowed call proves it passed the guard without changing anything, and `passed` recognises
 * that answer.
 */
export const ACTIONS: Record<
  string,
  Requirement & {
    page: string;
    args: "tenant" | "tenant+id" | "none";
    fields: Record<string, string>;
    passed: RegExp;
  }
> = {
  "app/(dashboard)/[tenant]/settings/actions.ts#inviteMemberAction": {
    permission: "members:manage",
    page: "/acme/settings",
    args: "tenant",
    fields: { email: "not-an-email", role: "viewer" },
    passed: /must be an email address/,
  },
  "app/(dashboard)/[tenant]/settings/actions.ts#changeMemberAction": {
    permission: "members:manage",
    page: "/acme/settings",
    args: "tenant+id",
    fields: { role: "viewer" },
    passed: /No such member/,
  },
  "app/(dashboard)/[tenant]/settings/actions.ts#removeMemberAction": {
    permission: "members:manage",
    page: "/acme/settings",
    args: "tenant+id",
    fields: {},
    passed: /No such member/,
  },
  "app/(dashboard)/[tenant]/settings/actions.ts#createKeyAction": {
    permission: "keys:manage",
    page: "/acme/settings",
    args: "tenant",
    fields: { name: "" },
    passed: /name the key/,
  },
  "app/(dashboard)/[tenant]/settings/actions.ts#revokeKeyAction": {
    permission: "keys:manage",
    page: "/acme/settings",
    args: "tenant+id",
    fields: {},
    passed: /unknown or already revoked/,
  },
  "app/(dashboard)/[tenant]/settings/actions.ts#saveRedactionAction": {
    permission: "settings:manage",
    page: "/acme/settings",
    args: "tenant",
    fields: { "rule.0.kind": "pattern", "rule.0.name": "probe", "rule.0.pattern": "(" },
    passed: /rule 1: pattern is not a valid regular expression/,
  },
  "app/(dashboard)/[tenant]/settings/actions.ts#createDestinationAction": {
    permission: "detection:configure",
    page: "/acme/settings",
    args: "tenant",
    fields: { kind: "webhook", name: "", url: "https://1.1.1.1/" },
    passed: /name the destination/,
  },
  "app/(dashboard)/[tenant]/settings/actions.ts#removeDestinationAction": {
    permission: "detection:configure",
    page: "/acme/settings",
    args: "tenant+id",
    fields: {},
    passed: /no destination/,
  },
  "app/(dashboard)/[tenant]/settings/actions.ts#sendTestAction": {
    permission: "detection:configure",
    page: "/acme/settings",
    args: "tenant+id",
    fields: {},
    passed: /no destination/,
  },
  "app/(dashboard)/[tenant]/flags/[id]/actions.ts#acknowledgeFlagAction": {
    permission: "flags:triage",
    page: "/acme/flags/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: {},
    passed: /no flag 00000000/,
  },
  "app/(dashboard)/[tenant]/flags/[id]/actions.ts#resolveFlagAction": {
    permission: "flags:triage",
    page: "/acme/flags/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: { reason: "remediated", note: "n" },
    passed: /no flag 00000000/,
  },
  "app/(dashboard)/[tenant]/flags/[id]/actions.ts#reopenFlagAction": {
    permission: "flags:triage",
    page: "/acme/flags/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: { note: "n" },
    passed: /no flag 00000000/,
  },
  "app/(dashboard)/[tenant]/flags/[id]/actions.ts#assignFlagAction": {
    permission: "flags:triage",
    page: "/acme/flags/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: {},
    passed: /no flag 00000000/,
  },
  "app/(dashboard)/[tenant]/flags/[id]/actions.ts#suppressFlagAction": {
    permission: "flags:triage",
    page: "/acme/flags/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: { until: "2099-01-01", reason: "r" },
    passed: /no flag 00000000/,
  },
  "app/(dashboard)/[tenant]/flags/[id]/actions.ts#escalateFlagAction": {
    permission: "flags:triage",
    page: "/acme/flags/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: {},
    passed: /no flag 00000000/,
  },
  "app/(dashboard)/[tenant]/incidents/[id]/actions.ts#notifyAuthorityAction": {
    permission: "flags:triage",
    page: "/acme/incidents/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: {},
    passed: /no incident 00000000/,
  },
  "app/(dashboard)/[tenant]/incidents/[id]/actions.ts#closeIncidentAction": {
    permission: "flags:triage",
    page: "/acme/incidents/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: { note: "n" },
    passed: /no incident 00000000/,
  },
  "app/(dashboard)/[tenant]/settings/detection-actions.ts#configureRuleAction": {
    permission: "detection:configure",
    page: "/acme/settings",
    args: "tenant+id",
    fields: {},
    passed: /rule 00000000-0000-4000-8000-000000000000 is not available/,
  },
  "app/(dashboard)/[tenant]/settings/detection-actions.ts#previewRuleAction": {
    permission: "detection:configure",
    page: "/acme/settings",
    args: "tenant+id",
    fields: {},
    passed: /rule: /,
  },
  "app/(dashboard)/[tenant]/events/actions.ts#saveViewAction": {
    permission: "views:write",
    page: "/acme/events",
    args: "tenant",
    fields: { name: "", explorer: "range=7d" },
    passed: /name the view/,
  },
  "app/(dashboard)/[tenant]/events/actions.ts#updateViewAction": {
    permission: "views:write",
    page: "/acme/events",
    args: "tenant",
    fields: { id: "v_none", name: "probe" },
    passed: /no saved view v_none/,
  },
  "app/(dashboard)/[tenant]/events/actions.ts#deleteViewAction": {
    permission: "views:write",
    page: "/acme/events",
    args: "tenant",
    fields: { id: "v_none" },
    passed: /no saved view v_none/,
  },
  "app/(dashboard)/[tenant]/events/actions.ts#saveExplorerColumnsAction": {
    permission: "events:read",
    page: "/acme/events",
    args: "tenant",
    fields: { hidden: "no-such-column" },
    passed: /unknown column: no-such-column/,
  },
  "app/(dashboard)/[tenant]/reviews/[id]/actions.ts#decideEntryAction": {
    permission: "reviews:decide",
    page: "/acme/reviews/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: { entry: "e1", decision: "revoke" },
    passed: /a revoke needs a note/,
  },
  "app/(dashboard)/[tenant]/reviews/[id]/actions.ts#bulkKeepAction": {
    permission: "reviews:decide",
    page: "/acme/reviews/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: { note: "n" },
    passed: /no review campaign/,
  },
  "app/(dashboard)/[tenant]/reviews/actions.ts#createCampaignAction": {
    permission: "reviews:run",
    page: "/acme/reviews",
    args: "tenant",
    fields: { name: "n", dueAt: "not-a-date", fallback: "a@b.c", everything: "on" },
    passed: /dueAt: Invalid input/,
  },
  "app/(dashboard)/[tenant]/reviews/[id]/lifecycle-actions.ts#startCampaignAction": {
    permission: "reviews:run",
    page: "/acme/reviews/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: {},
    passed: /no review campaign/,
  },
  "app/(dashboard)/[tenant]/reviews/[id]/lifecycle-actions.ts#completeCampaignAction": {
    permission: "reviews:run",
    page: "/acme/reviews/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: {},
    passed: /no review campaign/,
  },
  "app/(dashboard)/[tenant]/reviews/[id]/lifecycle-actions.ts#cancelCampaignAction": {
    permission: "reviews:run",
    page: "/acme/reviews/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: { note: "n" },
    passed: /no review campaign/,
  },
  "app/(dashboard)/[tenant]/reviews/[id]/lifecycle-actions.ts#recordExceptionAction": {
    permission: "reviews:run",
    page: "/acme/reviews/00000000-0000-4000-8000-000000000000",
    args: "tenant+id",
    fields: { revocation: "r-none", note: "n" },
    passed: /no revocation r-none/,
  },
  "app/setup/actions.ts#setupOwnerAction": {
    public: "one-time setup token",
    page: "/setup",
    args: "none",
    fields: {
      token: "guess",
      tenantId: "x",
      tenantName: "X",
      email: "a@b.test",
      password: "a long password!",
    },
    passed: /Setup is already done|invalid, used or expired/,
  },
  "app/invite/actions.ts#acceptInviteAction": {
    public: "one-time invitation token, for an email nobody has an account for",
    page: "/invite",
    args: "none",
    fields: { token: "guess", password: "a long password!" },
    passed: /invalid, used or expired/,
  },
  "app/invite/actions.ts#joinInviteAction": {
    public: "one-time invitation token and a session of the invited account, both",
    page: "/invite",
    args: "none",
    fields: { token: "guess" },
    passed: /invalid, used or expired/,
  },
};
