import { cutString } from "../../lib/core/contract";

/** Cuts to one past a contract maximum: validation still sees (and records) the trim, and a huge
 * attribute never makes an event too large to accept. */
export const clip = (s: string | undefined, max: number) =>
  s === undefined ? undefined : cutString(s, max + 1);

/** Drops undefined members, so optional contract fields are absent rather than undefined. */
export function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
