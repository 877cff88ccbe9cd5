// Statements with fixed text for the paths that run for every message. Drizzle builds a query's text anew on each
// call, which costs more CPU than the database spends answering it; these are written once, sent straight to the
// driver (on the server as named prepared statements: parsed and planned once per connection) and read back as
// the same row objects drizzle returns. Use them only where a profile shows the cost; elsewhere, drizzle.
import { getTableColumns, type Table } from "drizzle-orm";
import { toSnakeCase } from "drizzle-orm/casing";
import type { Executor } from "./client";

export interface Statement {
  /** The prepared statement's name on a server connection: unique per text. */
  readonly name: string;
  readonly text: string;
  /** Planned at every run, with its parameters' values, instead of once per connection (see `statement`). */
  readonly planEachRun: boolean;
}

const names = new Map<string, string>();

/**
 * A statement with fixed text; `$1`, `$2`, ... are its parameters.
 *
 * `planEachRun`: a statement whose best plan depends on the tables' sizes is planned afresh every time it runs
 * (on a server, sent unnamed). A prepared statement's plan is made once per connection and kept: made while a
 * table was nearly empty, it can scan what has since grown to thousands of rows until statistics are next
 * gathered (measured: a join planned on an empty decisions table went from 0.5 to 22 ms in 3,000 decisions).
 */
export function statement(
  name: string,
  text: string,
  opts: { planEachRun?: boolean } = {},
): Statement {
  const known = names.get(name);
  if (known !== undefined && known !== text) throw new Error(`statement ${name} defined twice`);
  names.set(name, text);
  return { name, text, planEachRun: opts.planEachRun ?? false };
}

interface Driver {
  query(
    config: string | { name: string; text: string; values: unknown[] },
    values?: unknown[],
  ): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Runs `st` on the connection or transaction `executor` stands for. Rows come back with the driver's own types:
 * timestamps as Date, json as values, numbers as numbers (both drivers), column names as written in the text.
 */
export async function runStatement<T = Record<string, unknown>>(
  executor: Executor,
  st: Statement,
  values: unknown[],
): Promise<T[]> {
  // Drizzle's session holds the driver it was made with: a pg Pool or pool client, a PGlite or its transaction.
  const { session } = executor as unknown as { session: { client: Driver } };
  const client = session.client;
  const result =
    st.planEachRun || "waitReady" in client || isPgliteTransaction(client)
      ? await client.query(st.text, values)
      : await client.query({ name: st.name, text: st.text, values });
  return result.rows as T[];
}

function isPgliteTransaction(client: object): boolean {
  // PGlite's transaction object has no constructor of its own; pg's Pool and clients do.
  return "rollback" in client && !("release" in client) && !("connect" in client);
}

/** A table's columns for a statement: the select list (`alias.col as "alias.col"`) and a reader for them. */
export interface ColumnSet<Row> {
  /** `t.col_a as "t.colA", ...` for a select or returning list under the alias given to `columnsOf`. */
  readonly list: string;
  /** The row object drizzle would return, from a result row holding the list's columns. */
  read(row: Record<string, unknown>): Row;
}

export function columnsOf<T extends Table>(table: T, alias: string): ColumnSet<T["$inferSelect"]> {
  const keys = Object.keys(getTableColumns(table));
  const labels = keys.map((key) => `${alias}.${key}`);
  const list = keys.map((key, i) => `${alias}.${toSnakeCase(key)} as "${labels[i]}"`).join(", ");
  return {
    list,
    read(row) {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < keys.length; i += 1) out[keys[i]!] = row[labels[i]!] ?? null;
      return out;
    },
  };
}
