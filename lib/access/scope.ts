import type { EntryChange } from "../../db/store/access-review-types";
import { globMatches } from "./population";
import type { PopulationEntry } from "./population-types";

export type Scope = {
  everything?: boolean | undefined;
  servers?: string[] | undefined;
  tools?: string[] | undefined;
  roles?: string[] | undefined;
  principals?: string[] | undefined;
};

const given = (l: string[] | undefined): l is string[] => l !== undefined && l.length > 0;

/**
 * Whether an entry is in a campaign's scope: every list given narrows (AND). Tools match the
 * entry's tool or glob both ways (a scope `read_*` takes `read_file`; a grant `*` is in a scope
 * naming any tool); roles take members of the role and Guard grants to it.
 */
export function inScope(e: PopulationEntry, s: Scope): boolean {
  if (given(s.servers) && !s.servers.includes(e.server)) return false;
  if (
    given(s.tools) &&
    (e.kind !== "tool" || !s.tools.some((t) => globMatches(t, e.tool) || globMatches(e.tool, t)))
  )
    return false;
  if (given(s.roles)) {
    const role =
      e.kind === "membership"
        ? e.tool
        : e.principal.startsWith("role:")
          ? e.principal.slice(5)
          : null;
    if (role === null || !s.roles.includes(role)) return false;
  }
  if (given(s.principals) && !s.principals.includes(e.principal)) return false;
  return true;
}

/** new / unchanged against the previous campaign's keys, and the previous entries now gone. */
export function tagChanges(
  current: readonly PopulationEntry[],
  previous: readonly { key: string }[] | null,
): { change: EntryChange; entry: PopulationEntry }[] {
  const before = new Set(previous?.map((p) => p.key) ?? []);
  return current.map((entry) => ({ change: before.has(entry.key) ? "unchanged" : "new", entry }));
}

export function removedSince<P extends { key: string }>(
  current: readonly PopulationEntry[],
  previous: readonly P[],
): P[] {
  const now = new Set(current.map((e) => e.key));
  return previous.filter((p) => !now.has(p.key));
}
