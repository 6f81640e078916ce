import { guardPage } from "@/app/_lib/guard";
import { tenantCtx } from "@/app/_lib/service-ctx";
import { DetectionRules } from "@/components/settings/detection-rules";
import { KeysPanel } from "@/components/settings/keys-panel";
import { MembersPanel } from "@/components/settings/members-panel";
import { NotificationDestinations } from "@/components/settings/notification-destinations";
import { RedactionPanel } from "@/components/settings/redaction-panel";
import { readRuleSettings } from "@/lib/services/flags/rule-settings";
import { viewNotifications } from "@/lib/services/notifications/view-notifications";
import { viewSettings } from "@/lib/services/settings/view-settings";
import {
  changeMemberAction,
  createDestinationAction,
  createKeyAction,
  inviteMemberAction,
  removeDestinationAction,
  removeMemberAction,
  revokeKeyAction,
  saveRedactionAction,
  sendTestAction,
} from "./actions";
import { configureRuleAction, previewRuleAction } from "./detection-actions";

export const metadata = { title: "Settings" };

/**
 * Members, ingest keys and redaction rules: loaded (and the view audited) by one service, each
 * part shown only to a role that may read it, with the server actions bound to this tenant.
 */
export default async function SettingsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant } = await params;
  const access = await guardPage(tenant, "settings:read", `/${tenant}/settings`);
  const s = await viewSettings({ ctx: tenantCtx(access) });
  const rules = await readRuleSettings({ ctx: tenantCtx(access) });
  const notifications = await viewNotifications({ ctx: tenantCtx(access) });
  const t = access.tenant.id;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Settings</h1>
          <p>
            Members, ingest keys and redaction rules of {access.tenant.name}. Every change is
            recorded in the audit trail.
          </p>
        </div>
      </div>
      <div className="stack">
        {s.members ? (
          <MembersPanel
            members={s.members}
            invitations={s.invitations}
            selfId={access.user.id}
            actions={
              s.may.manageMembers
                ? {
                    change: (userId) => changeMemberAction.bind(null, t, userId),
                    remove: (userId) => removeMemberAction.bind(null, t, userId),
                    invite: inviteMemberAction.bind(null, t),
                  }
                : null
            }
          />
        ) : null}
        {s.keys ? (
          <KeysPanel
            keys={s.keys}
            actions={
              s.may.manageKeys
                ? {
                    revoke: (keyId) => revokeKeyAction.bind(null, t, keyId),
                    create: createKeyAction.bind(null, t),
                  }
                : null
            }
          />
        ) : null}
        <RedactionPanel
          draft={s.redaction.draft}
          detectors={s.redaction.detectors}
          invalid={s.redaction.invalid}
          save={s.may.manageSettings ? saveRedactionAction.bind(null, t) : null}
        />
        <DetectionRules
          rules={rules}
          configure={
            access.can("detection:configure")
              ? (rule) => configureRuleAction.bind(null, t, rule)
              : null
          }
          preview={
            access.can("detection:configure")
              ? (rule) => previewRuleAction.bind(null, t, rule)
              : null
          }
        />
        {notifications ? (
          <NotificationDestinations
            destinations={notifications.destinations}
            deliveries={notifications.deliveries}
            allowPrivate={notifications.allowPrivate}
            actions={
              notifications.manage
                ? {
                    create: createDestinationAction.bind(null, t),
                    remove: (id) => removeDestinationAction.bind(null, t, id),
                    test: (id) => sendTestAction.bind(null, t, id),
                  }
                : null
            }
          />
        ) : null}
      </div>
    </>
  );
}
