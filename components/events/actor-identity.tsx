import { Time } from "@/components/ui/time";
import { visible } from "@/components/ui/visible";
import type { ActorIdentity, KnownValue } from "@/lib/queries/entity";
import { IDENTITY_VALUES } from "@/lib/queries/entity";

function Known({
  label,
  values,
  tz,
}: {
  label: string;
  values: KnownValue[];
  tz: "utc" | "local";
}) {
  const [latest, ...earlier] = values;
  if (!latest) return null;
  return (
    <div data-testid={`actor-${label.toLowerCase()}`} style={{ overflowWrap: "anywhere" }}>
      {label}: <strong>{visible(latest.value)}</strong>
      {earlier.length > 0 ? (
        <span className="small muted">
          {" "}
          (latest, <Time iso={latest.lastSeen} tz={tz} />; {label.toLowerCase()}s differ across
          events: also{" "}
          {earlier.map((v, i) => (
            <span key={v.value}>
              {i > 0 ? ", " : null}
              <span data-testid="earlier">{visible(v.value)}</span> until{" "}
              <Time iso={v.lastSeen} tz={tz} />
            </span>
          ))}
          {values.length >= IDENTITY_VALUES ? ", perhaps more" : null})
        </span>
      ) : null}
    </div>
  );
}

/**
 * The actor's name and email as its events recorded them (identity fields the source sent):
 * the latest of each, and when they differ, the earlier values too. Text only.
 */
export function ActorIdentityLine({
  identity,
  tz,
}: {
  identity: ActorIdentity;
  tz: "utc" | "local";
}) {
  if (identity.names.length === 0 && identity.emails.length === 0)
    return <p className="small muted">No name or email recorded in its events.</p>;
  return (
    <div className="small" data-testid="actor-identity">
      <Known label="Name" values={identity.names} tz={tz} />
      <Known label="Email" values={identity.emails} tz={tz} />
    </div>
  );
}
