// Applies the drizzle-kit migrations committed in packages/db/migrations and reports whether any are missing.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { sql } from "drizzle-orm";
import { migrate as migrateNodePg } from "drizzle-orm/node-postgres/migrator";
import type { NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { queryRows, type Database, type Schema } from "./client";

// Resolved through the package itself so that it works from source and from a bundled app alike.
export const migrationsFolder = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@playbook/db/package.json")),
  "migrations",
);

const MIGRATION_LOCK = "playbook:migrations";

/** Applies pending migrations. On a server, replicas starting together take turns through an advisory lock. */
export async function runMigrations(database: Database): Promise<void> {
  if (database.kind === "pglite") {
    await migratePglite(database.db as unknown as PgliteDatabase<Schema>, { migrationsFolder });
    return;
  }
  await database.withConnection(async (conn) => {
    await conn.execute(sql`select pg_advisory_lock(hashtextextended(${MIGRATION_LOCK}, 0))`);
    try {
      await migrateNodePg(conn as unknown as NodePgDatabase<Schema>, { migrationsFolder });
    } finally {
      await conn.execute(sql`select pg_advisory_unlock(hashtextextended(${MIGRATION_LOCK}, 0))`);
    }
  });
}

export interface MigrationStatus {
  expected: number;
  applied: number;
  upToDate: boolean;
}

// The journal cannot change while the process runs; read it once, not on every readiness probe.
let expectedMigrations: Promise<number> | undefined;
const countExpectedMigrations = () =>
  (expectedMigrations ??= readFile(
    path.join(migrationsFolder, "meta", "_journal.json"),
    "utf8",
  ).then((text) => (JSON.parse(text) as { entries: unknown[] }).entries.length));

export async function getMigrationStatus(database: Database): Promise<MigrationStatus> {
  const expected = await countExpectedMigrations();
  const [table] = await queryRows<{ present: boolean }>(
    database.db,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  );
  let applied = 0;
  if (table?.present) {
    const [counted] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    applied = counted?.n ?? 0;
  }
  return { expected, applied, upToDate: applied >= expected };
}
