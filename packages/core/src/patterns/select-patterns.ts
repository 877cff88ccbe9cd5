// The patterns a bulk verb works on: given by id, or every pattern that matches the list's filters, in id order.
import { and, asc, inArray } from "drizzle-orm";
import type { Tx } from "@playbook/db";
import { patterns } from "@playbook/db/schema";
import { badRequest } from "../errors";
import { patternFilterConditions, type ZPatternFilter } from "./list-patterns";
import type { Pattern } from "./pattern-fields";
import type { z } from "zod";

export type PatternSelector = { ids?: string[]; filter?: z.output<typeof ZPatternFilter> };

/**
 * Reads the selected patterns, at most `max` (more is a BAD_REQUEST). With `lock`, rows are locked in id order,
 * so two overlapping bulk changes cannot deadlock each other.
 */
export async function selectPatterns(
  tx: Tx,
  selector: PatternSelector,
  max: number,
  lock: boolean,
): Promise<Pattern[]> {
  const query = tx
    .select()
    .from(patterns)
    .where(
      selector.ids
        ? inArray(patterns.id, selector.ids)
        : and(...patternFilterConditions(selector.filter ?? { deleted: "exclude" })),
    )
    .orderBy(asc(patterns.id))
    .limit(max + 1);
  const rows = lock ? await query.for("update") : await query;
  if (rows.length > max) throw badRequest(`More than ${max} patterns match; narrow the filter`);
  return rows;
}
