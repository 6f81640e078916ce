import type { TableSorting } from "@/components/data-table/data-table";
import { EXPLORER_COLUMNS } from "@/lib/queries/events";
import { firstDirection, type SortState, sortParams } from "@/lib/queries/filters";

/**
 * Header links: each sortable column sorts by its key (first click: its natural direction), the
 * current one flips. A new order starts at the first page: a cursor belongs to one order.
 */
export function sortingLinks(
  sort: SortState,
  href: (over: Record<string, string | null>) => string,
): TableSorting {
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
