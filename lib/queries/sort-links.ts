import { EXPLORER_COLUMNS } from "./events";
import { firstDirection, type SortState, sortParams } from "./filters";

/** What the table needs to show the order: the sorted column, its direction, a link per header. */
export type SortLinks = {
  column: string;
  dir: "asc" | "desc";
  links: Record<string, string>;
};

/**
 * Header links: each sortable column sorts by its key (first click: its natural direction), the
 * current one flips. A new order starts at the first page: a cursor belongs to one order.
 */
export function sortingLinks(
  sort: SortState,
  href: (over: Record<string, string | null>) => string,
): SortLinks {
  const links: Record<string, string> = {};
  let column = "time";
  for (const c of EXPLORER_COLUMNS) {
    if (!c.sort) continue;
    if (c.sort === sort.sort) column = c.id;
    const dir =
      c.sort === sort.sort ? (sort.dir === "asc" ? "desc" : "asc") : firstDirection(c.sort);
    links[c.id] = href({ ...sortParams({ sort: c.sort, dir }), cursor: null });
  }
  return { column, dir: sort.dir, links };
}
