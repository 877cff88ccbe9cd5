// Test support: the databases integration tests run against, each fresh and migrated.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Database } from "./client";
import { runMigrations } from "./migrate";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy";

export { startTcpProxy, type TcpProxy };

export type TestDatabaseKind = "pglite" | "postgres";

// Test infrastructure reads its one variable here; the product's own settings go through core's env.ts.
const serverUrl = process.env.TEST_DATABASE_URL;

/** PGlite always; the PostgreSQL server as well when TEST_DATABASE_URL is set. */
export const testDatabaseKinds: TestDatabaseKind[] = serverUrl
  ? ["pglite", "postgres"]
  : ["pglite"];

export interface TestDatabase {
  database: Database;
  /** Connection string of the server database (postgres only), for code that opens its own pool. */
  url: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, migrated database: in-memory PGlite, or a new database created on the test server. */
export async function openTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const database = await createDb({ dataDir: "memory://" });
    await runMigrations(database);
    return { database, url: undefined, drop: () => database.close() };
  }
  if (!serverUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `playbook_test_${randomBytes(6).toString("hex")}`;
  await withAdminClient(serverUrl, (admin) => admin.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await createDb({ databaseUrl: url.toString(), poolSize: 4 });
  await runMigrations(database);
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      await withAdminClient(serverUrl, (admin) =>
        admin.query(`drop database if exists "${name}" with (force)`),
      );
    },
  };
}

async function withAdminClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh server database reached through a TCP proxy the test cuts and restores: a database outage without
 * restarting the server other tests share. `database` goes through the proxy.
 */
export type ProxiedTestDatabase = TestDatabase & { proxy: TcpProxy };

export async function openProxiedTestDatabase(
  onConnectionError: (error: Error) => void,
): Promise<ProxiedTestDatabase> {
  const server = await openTestDatabase("postgres");
  const proxy = await startTcpProxy(server.url!);
  const database = await createDb({ databaseUrl: proxy.url, poolSize: 4, onConnectionError });
  return {
    database,
    url: proxy.url,
    proxy,
    async drop() {
      await database.close();
      await proxy.close();
      await server.drop();
    },
  };
}
