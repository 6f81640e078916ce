import { BadRequestError } from "../../queries/bad-request";
import { type EntryFilter, entryFilterSchema } from "./list-entries";

type Params = Record<string, string | string[] | undefined>;

/** The campaign page's filters from its URL; a value out of its list is a 400 naming it. */
export function parseEntriesView(p: Params): EntryFilter {
  const one = (k: string) => {
    const v = p[k];
    const s = Array.isArray(v) ? v[0] : v;
    return s === undefined || s === "" ? undefined : s;
  };
  const r = entryFilterSchema.safeParse({
    flag: one("flag"),
    kind: one("kind"),
    server: one("server"),
    change: one("change"),
    state: one("state"),
    mine: one("mine") === "1" ? true : undefined,
  });
  if (!r.success) {
    const i = r.error.issues[0];
    throw new BadRequestError(`${i?.path.join(".") || "filter"}: ${i?.message ?? "invalid"}`);
  }
  return r.data;
}

/** The filter as URL parameters (for the form's hidden fields and links). */
export function entriesQuery(f: EntryFilter): Record<string, string> {
  return Object.fromEntries(
    Object.entries({ ...f, mine: f.mine ? "1" : undefined }).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    ),
  );
}
