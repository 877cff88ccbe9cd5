// The patterns list's filters, sort and page live in the URL (?q=…&type=…&state=…&sort=…&order=…&page=…), so a
// reload, the back button and a shared link show the same list. Defaults are left out of the URL.
import type { PatternListInput } from "../../reply-engine-types";
import { isPatternType } from "../../replies/pattern-type-labels";
import type { PatternFilter, PatternStatus } from "./pattern-filters";

export type PatternSort = NonNullable<Exclude<PatternListInput, void | undefined>["sort"]>;
export type SortOrder = "asc" | "desc";

export interface PatternListView {
  filter: PatternFilter;
  sort: PatternSort;
  order: SortOrder;
  page: number;
}

// Typed as a record so the compiler keeps it in step with the server's list of sorts.
const sorts: Record<PatternSort, true> = {
  confidence: true,
  lastUsedAt: true,
  createdAt: true,
  updatedAt: true,
  executionCount: true,
  triggerText: true,
  type: true,
  state: true,
};
const statuses: readonly PatternStatus[] = ["all", "active", "inactive", "deleted"];

export const DEFAULT_SORT: PatternSort = "confidence";
/** Words read A→Z first; numbers, dates and states most/latest first. */
export const firstOrderOf = (sort: PatternSort): SortOrder =>
  sort === "triggerText" || sort === "type" ? "asc" : "desc";

const isSort = (value: string | null): value is PatternSort =>
  value !== null && Object.hasOwn(sorts, value);

export function readPatternListView(params: URLSearchParams): PatternListView {
  const type = params.get("type");
  const status = statuses.find((value) => value === params.get("state")) ?? "all";
  const sortParam = params.get("sort");
  const sort = isSort(sortParam) ? sortParam : DEFAULT_SORT;
  const orderParam = params.get("order");
  const order = orderParam === "asc" || orderParam === "desc" ? orderParam : firstOrderOf(sort);
  const page = Number(params.get("page"));
  return {
    filter: { type: isPatternType(type) ? type : null, status, search: params.get("q") ?? "" },
    sort,
    order,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** `params` with the list's keys replaced by `view`; other keys (the "new pattern" form's) are kept. */
export function writePatternListView(
  params: URLSearchParams,
  view: PatternListView,
): URLSearchParams {
  const next = new URLSearchParams(params);
  const set = (key: string, value: string | null) => {
    if (value === null) next.delete(key);
    else next.set(key, value);
  };
  const search = view.filter.search.trim();
  set("q", search || null);
  set("type", view.filter.type);
  set("state", view.filter.status === "all" ? null : view.filter.status);
  set("sort", view.sort === DEFAULT_SORT ? null : view.sort);
  set("order", view.order === firstOrderOf(view.sort) ? null : view.order);
  set("page", view.page > 1 ? String(view.page) : null);
  return next;
}
