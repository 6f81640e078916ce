import type { FlagRecord } from "../../../db/store/detection-types";
import { HOUR, hourStart } from "../../detect/stats";
import { SEP } from "../../detect/tallies";

/**
 * The explorer's query narrowed to a flag's subject and episode (whole hours around it), so one
 * click shows the events behind the flag. Subjects the explorer cannot filter by (a session, an
 * ingest key) get the window only. A value with a comma cannot be an explorer filter value
 * (commas separate values there), so it is left out rather than split into two.
 */
export function flagExplorerQuery(
  flag: Pick<FlagRecord, "subjectKind" | "subjectKey" | "start" | "end">,
): string {
  const from = new Date(hourStart(flag.start.getTime()));
  const to = new Date(hourStart(flag.end.getTime()) + HOUR);
  const q = new URLSearchParams({
    range: "custom",
    from: from.toISOString(),
    to: to.toISOString(),
  });
  const [a, b] = flag.subjectKey.split(SEP);
  const set = (k: string, v: string | undefined) => {
    if (v && !v.includes(",")) q.set(k, v);
  };
  if (flag.subjectKind === "actor") set("actor", a);
  else if (flag.subjectKind === "actor_tool") {
    set("actor", a);
    set("tool", b);
  } else if (flag.subjectKind === "actor_server") {
    set("actor", a);
    set("server", b);
  } else if (flag.subjectKind === "tool") set("tool", a);
  else if (flag.subjectKind === "server") set("server", a);
  return q.toString();
}

/** A subject key for people: the parts of a compound key joined with " · ". */
export function subjectText(key: string): string {
  return key.split(SEP).join(" · ");
}
