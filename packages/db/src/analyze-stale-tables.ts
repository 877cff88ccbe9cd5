// Planner statistics for the embedded database, which has no autovacuum to gather them.
//
// PGlite runs PostgreSQL as one backend in this process: no autovacuum worker, and no activity counters to tell
// it what changed. Without statistics the planner guesses every table holds a few hundred rows: after importing
// 100,000 messages the match index's load probed the messages' key 44,453 times instead of hashing once (1.3-1.9 s
// against 0.7 s). This follows autovacuum's rule on what is visible here, the tables' size on disk.
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "./client";

/** A table whose size moved by more than this share (and STALE_MIN_PAGES) since it was last analyzed. */
export const STALE_SHARE = 0.1;
const STALE_MIN_PAGES = 8;

/**
 * ANALYZEs every table of the embedded database that was never analyzed or whose size moved by more than a tenth
 * since; returns their names. One statement per table, so requests get the database between them. A server's
 * autovacuum does this there: nothing is done and nothing returned.
 *
 * `vacuum`: VACUUM them too. After a bulk write, the first reader of each row otherwise marks it committed and
 * writes its page again: the first `npm start` after an import spent twice the CPU of the next one loading the match
 * index. For a process that ends soon after (the CLI), since the memory VACUUM takes stays in PGlite's.
 */
export async function analyzeStaleTables(
  database: Database,
  opts: { vacuum?: boolean } = {},
): Promise<string[]> {
  if (database.kind !== "pglite") return [];
  const tables = await queryRows<{
    name: string;
    reltuples: number;
    relpages: number;
    pages: number;
  }>(
    database.db,
    sql`select c.relname as name, c.reltuples::float8 as reltuples, c.relpages::int as relpages,
               (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages
          from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = current_schema() and c.relkind = 'r'
         order by c.relname`,
  );
  const stale = tables.filter(
    (table) =>
      table.pages > 0 &&
      (table.reltuples < 0 ||
        Math.abs(table.pages - table.relpages) >
          Math.max(STALE_MIN_PAGES, STALE_SHARE * table.relpages)),
  );
  for (const table of stale) {
    const name = sql.identifier(table.name);
    await database.db.execute(opts.vacuum ? sql`vacuum (analyze) ${name}` : sql`analyze ${name}`);
  }
  return stale.map((table) => table.name);
}
