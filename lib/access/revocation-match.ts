/*
 * Which calls a revocation denies: one definition for Guard (which enforces it; its bundle
 * inlines this file through guard/src/shared.ts) and for Tooltrail (which checks a denied event
 * offered as proof). Pure and import-free on purpose.
 */

/** Guard's glob: `*` is any run of characters, everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${body.join(".*")}$`, "s");
}

/**
 * A revocation's principal: an actor id; `role:<name>` for every caller holding that role;
 * `*` for any caller.
 */
export function principalMatches(
  principal: string,
  caller: { id: string; roles?: readonly string[] },
): boolean {
  if (principal === "*") return true;
  if (principal.startsWith("role:")) return caller.roles?.includes(principal.slice(5)) ?? false;
  return caller.id === principal;
}

/** A revocation's tools: names or globs; none = every tool. */
export function toolMatches(tools: readonly string[], tool: string): boolean {
  return tools.length === 0 || tools.some((t) => t === tool || globToRegExp(t).test(tool));
}

/** The rule id a revocation's denials carry in their decision. */
export function revocationRuleId(revocationId: string): string {
  return `revocation:${revocationId}`;
}

/** The reason a revocation's denials give: it names the campaign, by name and id. */
export function revocationReason(r: {
  campaignName: string;
  campaignId: string;
  reason: string;
}): string {
  return `access revoked by review campaign "${r.campaignName}" (${r.campaignId}): ${r.reason}`.slice(
    0,
    1024,
  );
}
